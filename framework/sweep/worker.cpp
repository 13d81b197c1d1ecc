#include "framework/sweep/worker.h"

#include <unistd.h>

#include <new>

#include "framework/core/error.h"
#include "framework/sweep/sweep_messages.h"

namespace dendrite {

void run_worker(CoordinatorLink& link, const std::string& host, const RunFunction& run) {
  link.send(ready_message(host, static_cast<long>(::getpid())));
  for (;;) {
    const std::optional<std::string> text = link.receive();
    if (!text) return;
    const SweepMessage m = parse_message(*text);
    if (m.type == "stop") return;
    DENDRITE_CHECK(m.type == "run", "a worker got a '{}' message from the coordinator", m.type);
    std::string reply;
    try {
      reply = done_message(m.key, run(m.config));
    } catch (const std::bad_alloc&) {
      reply = failed_message(m.key, "out of memory (the model or the data is too large for this worker)");
    } catch (const std::exception& e) {
      reply = failed_message(m.key, e.what());
    }
    link.send(reply);
  }
}

}  // namespace dendrite
