// One writer per folder: an advisory lock (flock) on "<folder>/.lock", held while the object
// lives and released by the kernel when the process ends, however it ends (a SIGKILL included).
// The lock file holds the holder's PID, so that the process that finds the folder locked can say
// who holds it. The file itself stays (removing it would let two processes lock two different
// files of the same name).
//
//   FolderLock lock("runs/dann-r-mnist-s1", "wait for it to end, or choose another --out");
//   // Error at once when another process holds it:
//   // "'runs/dann-r-mnist-s1' is in use by process 4242 (lock file 'runs/.../.lock'); wait for ..."
#pragma once

#include <string>

namespace dendrite {

class FolderLock {
 public:
  // Creates the folder when it is missing. `advice` ends the message when the folder is taken.
  FolderLock(const std::string& folder, const std::string& advice);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  const std::string& lock_path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

// The name of the lock file inside a locked folder.
inline constexpr const char* kFolderLockName = ".lock";

}  // namespace dendrite
