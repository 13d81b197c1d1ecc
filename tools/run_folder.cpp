#include "tools/run_folder.h"

#include <cstdio>
#include <filesystem>

#include "framework/core/file_io.h"
#include "tools/cli_common.h"

namespace dendrite::tools {

namespace {

std::string folder_of(const std::string& file) {
  const std::filesystem::path folder = std::filesystem::path(file).parent_path();
  return folder.empty() ? std::string(".") : folder.string();
}

}  // namespace

RunFolderRule run_folder_rule(const std::string& checkpoint, const std::string& resumed, bool overwrite) {
  RunFolderRule rule;
  rule.resumed = resumed;
  rule.overwrite = overwrite;
  rule.own_folder = !resumed.empty() && same_file(folder_of(checkpoint), folder_of(resumed));
  DENDRITE_USAGE_CHECK(!(rule.own_folder && overwrite),
                       "--overwrite starts a new run and --resume continues one; give one of them (--overwrite "
                       "with --resume only lets the resumed run replace another run's files in its --out)");
  return rule;
}

void check_no_other_run(const std::string& checkpoint, const RunFolderRule& rule) {
  if (rule.own_folder || rule.overwrite || !std::filesystem::exists(checkpoint)) return;
  if (rule.resumed.empty())
    throw UsageError(fmt::format("'{}' holds a previous run; continue it with --resume {}, choose another --out, or "
                                 "pass --overwrite", checkpoint, checkpoint));
  throw UsageError(fmt::format("'{}' holds another run than the one in '{}'; a resumed run writes into its own "
                               "folder ('{}'), a folder without a checkpoint, or one given with --overwrite",
                               checkpoint, rule.resumed, folder_of(rule.resumed)));
}

void remove_stale_temporaries_of(const std::vector<std::string>& outputs, bool quiet) {
  for (const std::string& output : outputs) {
    if (output.empty()) continue;
    for (const std::string& removed : remove_stale_temporaries(output)) {
      if (!quiet) std::fprintf(stderr, "removed '%s', left by a writer that was killed\n", removed.c_str());
    }
  }
}

}  // namespace dendrite::tools
