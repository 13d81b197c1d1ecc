// Writing files so that no failure goes unnoticed and no half-written file replaces a good one.
// Every write, flush, sync, close and rename is checked; a failure throws dendrite::Error
// "cannot write '<path>': <reason>" (the verb can be changed, e.g. "cannot save checkpoint").
//
//   write_file_atomic("run/summary.json", text);   // the old file or the new one, never a part
//   AtomicFile out("run/checkpoint.ckpt", "save checkpoint");
//   out.write(header.data(), header.size());       // ... any number of writes
//   out.commit();                                  // without commit() the target stays as it was
//   append_to_file("run/log.jsonl", line);         // checked append (no fsync)
//   write_file("predictions.txt", text);           // checked plain write, truncating
//
// Atomic writes go to "<path>.tmp.<pid>" in the target's folder; commit() fsyncs that file,
// renames it over the target and fsyncs the folder, so the new content survives a crash or a power
// cut once commit() returns. A failure (or a destructor without commit()) removes the temporary; a
// writer killed with SIGKILL leaves it behind, and remove_stale_temporaries() clears those on the
// next start. A target that exists and is not a regular file (a device such as /dev/full, a FIFO)
// or that lies in /dev or /proc (/dev/stdout, even when it leads to a regular file) is not
// replaced: it is written in place, with the same checks.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dendrite {

// A file descriptor opened for writing whose every write and close is checked.
class OutputFile {
 public:
  enum class Mode { truncate, append };
  // `action` is the verb of error messages: "cannot <action> '<shown>': <reason>"; `shown` is the
  // path messages name (default: `path`).
  OutputFile(std::string path, Mode mode, std::string action = "write", std::string shown = "");
  ~OutputFile();  // closes without checking (the error that led here is already on its way)
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(const void* data, std::size_t n);  // all n bytes, or an Error
  void write(std::string_view text) { write(text.data(), text.size()); }
  void sync();   // fsync; a no-op for files that cannot be synced (devices, pipes)
  void close();  // checked; after it, nothing more may be written
  [[noreturn]] void fail(const std::string& reason) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_, action_, shown_;
  int fd_ = -1;
};

class AtomicFile {
 public:
  explicit AtomicFile(std::string path, std::string action = "write");
  ~AtomicFile();  // without commit(): removes the temporary, the target is untouched
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, std::size_t n) { out_.write(data, n); }
  void write(std::string_view text) { out_.write(text); }
  // fsync, close, rename over the target, fsync the folder (in place: close). Once.
  void commit();
  const std::string& path() const { return path_; }
  // Empty when the target is written in place.
  const std::string& temporary_path() const { return tmp_; }

 private:
  std::string path_, action_, tmp_;
  OutputFile out_;
  bool committed_ = false;
};

void write_file_atomic(const std::string& path, std::string_view bytes, const std::string& action = "write");
void write_file(const std::string& path, std::string_view bytes, const std::string& action = "write");
void append_to_file(const std::string& path, std::string_view bytes, const std::string& action = "write");

// True for a path in /dev or /proc, or one that exists and is not a regular file (or a link to
// one): such targets are written in place, never replaced.
bool is_written_in_place(const std::string& path);

// "<path>.tmp.<pid>": the temporary an atomic writer in process `pid` uses for `path`.
std::string temporary_path_for(const std::string& path, pid_t pid);
// Removes the "<path>.tmp.<pid>" files whose process no longer runs (a writer killed mid-write
// leaves one behind); returns the paths it removed. Another live process's temporary is kept.
std::vector<std::string> remove_stale_temporaries(const std::string& path);

// fsync of a folder, so that a rename or a new entry in it survives a crash. Filesystems that
// cannot sync folders (EINVAL) are accepted; otherwise an Error names the folder.
void sync_folder(const std::string& folder);

}  // namespace dendrite
