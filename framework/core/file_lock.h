// One writer at a time: an advisory lock (flock) on a lock file, held while the FileLock lives and
// released by the kernel when the process ends, however it ends (a SIGKILL included). It guards a
// run folder ("<folder>/.lock") or a file such as a sweep's result store ("<file>.lock").
//
//   const FileLock run = FileLock::for_folder("runs/dann-r-mnist-s1", "wait for it to end, or choose another --out");
//   // "'runs/dann-r-mnist-s1' is in use by process 4242 (lock file '/abs/runs/.../.lock'); wait for ..."
//   FileLock store = FileLock::for_file("mnist.db", "pid 4242 on host h, since T\n",
//                                       [](const std::string& holder) { return "in use by " + holder; });
//
// The lock belongs to the file, not to the name it was reached by: the guarded path is resolved
// first (realpath: symlinks, "..", relative paths; for a file that does not exist yet, its folder,
// and a dangling symlink followed to the file it would create), so every path to one folder or one
// store finds the same lock file. The lock file holds a line about its holder (written, checked,
// once the lock is held), so that a process that finds it taken can say who has it. The file
// itself stays: removing it would let two processes lock two different files of the same name.
// Should another process replace it all the same (unlink and create anew) between our open and
// our flock, the flock would be on a file nobody else will open again; so once the flock is held
// the path must still name the inode we locked (fstat against stat), else we open it again. The
// flock is non-blocking (taken at once or refused), retried when a signal interrupts it, and the
// descriptor is close-on-exec, so that no child process (a sweep's workers) inherits the lock.
#pragma once

#include <functional>
#include <string>

namespace dendrite {

class FileLock {
 public:
  // The message when another process holds the lock, from what that process recorded in the lock
  // file (trailing blanks and newlines removed; empty when it has not written it yet).
  using InUseMessage = std::function<std::string(const std::string& recorded_holder)>;

  // Locks the folder (created when missing) through "<its real path>/.lock", recording this
  // process's PID. When it is taken: Error "'<folder>' is in use by process <pid> (lock file
  // '<lock file>'); <advice>".
  static FileLock for_folder(const std::string& folder, const std::string& advice);
  // Locks the file (which need not exist yet; its folder must) through "<its real path>.lock",
  // recording `holder`. When it is taken: Error in_use(what the holder recorded).
  static FileLock for_file(const std::string& file, const std::string& holder, const InUseMessage& in_use);

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&&) = delete;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

  // The lock file, resolved (absolute, no symlinks).
  const std::string& lock_path() const { return path_; }

 private:
  FileLock(std::string lock_path, const std::string& holder, const InUseMessage& in_use);
  std::string path_;
  int fd_ = -1;
};

// The name of the lock file inside a locked folder.
inline constexpr const char* kFolderLockName = ".lock";

// `path` with every symlink, "." and ".." resolved, as an absolute path (realpath), also when its
// last part does not exist yet: then its folder is resolved, and a dangling symlink is followed to
// the file that opening it would create. Error naming the path when its folder cannot be resolved.
std::string resolved_path(const std::string& path);

namespace file_lock_testing {
// Called with the lock file's path after it is opened and before it is flocked (tests replace the
// file there); an empty function (the default) does nothing.
void set_before_flock(std::function<void(const std::string& lock_path)> hook);
}  // namespace file_lock_testing

}  // namespace dendrite
