#include "tools/commands.h"

#include "framework/core/version.h"

namespace dendrite::tools {

const char* version() { return framework_version(); }

std::vector<Command> all_commands() {
  return {make_train_command(), make_export_command(), make_inspect_command(), make_run_command(), make_predict_command(),
          make_sweep_command(), make_runs_command(), make_report_command(),
          make_sweep_worker_command()};
}

}  // namespace dendrite::tools
