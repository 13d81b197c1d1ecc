// The run folder of `dendrite train`: one run at a time (FileLock on --out), what a killed writer
// left behind removed before the run writes anything, and one rule for whose files it may replace.
//
//   const RunFolderRule rule = run_folder_rule(checkpoint, resumed, overwrite);  // before the lock
//   const FileLock lock = FileLock::for_folder(dir, kRunFolderAdvice);
//   remove_stale_temporaries_of({checkpoint, log, summary}, quiet);
//   check_no_other_run(checkpoint, rule);                                        // after the lock
#pragma once

#include <string>
#include <vector>

namespace dendrite::tools {

inline constexpr const char* kRunFolderAdvice = "wait for that run to end, or choose another --out";

// No run replaces another run's files without --overwrite, resumed or not. A folder holds a run
// when its checkpoint exists. A fresh run writes where no checkpoint is, or with --overwrite; a
// resumed run writes into its own folder (the folder of the checkpoint it continues, whose files
// are its own), or, like a fresh run, where no checkpoint is, or with --overwrite.
struct RunFolderRule {
  std::string resumed;       // the checkpoint a resumed run continues; empty for a fresh run
  bool own_folder = false;   // a resumed run writing its checkpoint into the resumed one's folder
  bool overwrite = false;
};
// Decided from the paths alone, before the lock. Throws UsageError for --overwrite on a resumed run
// in its own folder (nothing of another run to replace there: --overwrite would start afresh).
RunFolderRule run_folder_rule(const std::string& checkpoint, const std::string& resumed, bool overwrite);
// Throws UsageError when `checkpoint` is another run's and the rule does not allow replacing it.
// Called with the folder's lock held, so no other run can start there in between.
void check_no_other_run(const std::string& checkpoint, const RunFolderRule& rule);

// Removes "<output>.tmp.<pid>" files of writers that no longer run (see remove_stale_temporaries)
// and says so on stderr unless quiet. Empty paths are skipped.
void remove_stale_temporaries_of(const std::vector<std::string>& outputs, bool quiet);

}  // namespace dendrite::tools
