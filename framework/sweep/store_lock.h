// StoreLock: at most one sweep coordinator per store. The lock is flock(2) on "<store>.lock",
// which holds the holder's PID and host; the kernel releases it when the process ends in any way
// (SIGKILL included), so a killed sweep never leaves a stale lock. The file itself stays (removing
// it would race with a coordinator that is just taking it).
#pragma once

#include <string>

namespace dendrite {

class StoreLock {
 public:
  // Throws Error "store 'x.db' is in use by another dendrite sweep (pid 123 on host h, since T)"
  // when another process holds it, or naming the lock file when it cannot be created.
  explicit StoreLock(const std::string& store_path);
  ~StoreLock();
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace dendrite
