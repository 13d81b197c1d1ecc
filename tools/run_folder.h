// The run folder of `dendrite train`: one run at a time (FileLock on --out), and what a killed
// writer left behind removed before the run writes anything.
//
//   const FileLock lock = FileLock::for_folder(dir, kRunFolderAdvice);
//   remove_stale_temporaries_of({checkpoint, log, summary}, quiet);
#pragma once

#include <string>
#include <vector>

namespace dendrite::tools {

inline constexpr const char* kRunFolderAdvice = "wait for that run to end, or choose another --out";

// Removes "<output>.tmp.<pid>" files of writers that no longer run (see remove_stale_temporaries)
// and says so on stderr unless quiet. Empty paths are skipped.
void remove_stale_temporaries_of(const std::vector<std::string>& outputs, bool quiet);

}  // namespace dendrite::tools
