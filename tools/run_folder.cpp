#include "tools/run_folder.h"

#include <cstdio>

#include "framework/core/file_io.h"

namespace dendrite::tools {

void remove_stale_temporaries_of(const std::vector<std::string>& outputs, bool quiet) {
  for (const std::string& output : outputs) {
    if (output.empty()) continue;
    for (const std::string& removed : remove_stale_temporaries(output)) {
      if (!quiet) std::fprintf(stderr, "removed '%s', left by a writer that was killed\n", removed.c_str());
    }
  }
}

}  // namespace dendrite::tools
