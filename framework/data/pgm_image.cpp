// PGM files (P5 binary, P2 ASCII) through netpbm's libnetpbm. netpbm reports an error by calling
// exit() unless a jump buffer is set, in which case it longjmps to it: every netpbm call here runs
// in `guarded`, whose frame holds the setjmp and no object with a destructor, under one lock (the
// jump buffer and the message hook are process-wide), and the message netpbm gives becomes the
// Error's text.
#include <netpbm/pgm.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "framework/core/error.h"
#include "framework/data/image_file.h"

namespace dendrite {

namespace {

std::mutex netpbm_mutex;
char netpbm_message[512];

void keep_message(const char* message) { std::snprintf(netpbm_message, sizeof netpbm_message, "%s", message); }
void ignore_message(const char*) {}

// Runs fn() with netpbm's errors caught: returns false (the reason in netpbm_message) when netpbm
// reported one. fn must own nothing that needs destroying: a longjmp leaves its frame.
template <class Fn>
bool guarded(Fn&& fn) {
  jmp_buf jump;
  jmp_buf* previous = nullptr;
  pm_setjmpbufsave(&jump, &previous);
  if (setjmp(jump) != 0) {
    pm_setjmpbuf(previous);
    return false;
  }
  fn();
  pm_setjmpbuf(previous);
  return true;
}

struct CloseFile {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

Tensor read_pgm(const std::string& path) {
  std::error_code ec;
  DENDRITE_CHECK(std::filesystem::exists(path, ec), "PGM file '{}' does not exist", path);
  const auto file_bytes = static_cast<std::int64_t>(std::filesystem::file_size(path, ec));
  DENDRITE_CHECK(!ec, "PGM file '{}' is not a regular file", path);
  std::unique_ptr<std::FILE, CloseFile> file(std::fopen(path.c_str(), "rb"));
  DENDRITE_CHECK(file != nullptr, "cannot open PGM file '{}': {}", path, std::strerror(errno));
  char magic[2] = {0, 0};
  const bool pgm = std::fread(magic, 1, 2, file.get()) == 2 && magic[0] == 'P' && (magic[1] == '5' || magic[1] == '2');
  DENDRITE_CHECK(pgm, "PGM file '{}' does not start with P5 (binary) or P2 (ASCII)", path);
  std::rewind(file.get());

  const std::lock_guard<std::mutex> lock(netpbm_mutex);
  static std::once_flag init;
  std::call_once(init, [] { pm_init("dendrite", 0); });
  pm_setusererrormsgfn(&keep_message);
  pm_setusermessagefn(&ignore_message);
  struct Restore {
    ~Restore() {
      pm_setusererrormsgfn(nullptr);
      pm_setusermessagefn(nullptr);
    }
  } restore;

  int cols = 0, rows = 0, format = 0;
  gray maxval = 0;
  std::FILE* f = file.get();
  if (!guarded([&] { pgm_readpgminit(f, &cols, &rows, &maxval, &format); }))
    throw Error(fmt::format("PGM file '{}' has a bad header: {}", path, netpbm_message));
  DENDRITE_CHECK(format == PGM_FORMAT || format == RPGM_FORMAT, "PGM file '{}' is not a grey-level PGM image", path);
  // Each value takes at least one byte of the file (binary) or two (ASCII): a header that declares
  // more is refused before any memory is set aside for it.
  DENDRITE_CHECK(cols > 0 && rows > 0 && static_cast<std::int64_t>(cols) * rows <= file_bytes,
                 "PGM file '{}' declares a {}x{} image, more than its {} bytes can hold", path, rows, cols,
                 file_bytes);
  DENDRITE_CHECK(maxval > 0, "PGM file '{}' has maxval 0", path);

  Tensor out({rows, cols, 1});
  std::vector<gray> row(static_cast<std::size_t>(cols));
  gray* row_data = row.data();
  for (int r = 0; r < rows; ++r) {
    if (!guarded([&] { pgm_readpgmrow(f, row_data, cols, maxval, format); }))
      throw Error(fmt::format("PGM file '{}': row {} of {} cannot be read: {}", path, r, rows, netpbm_message));
    float* x = out.f32() + static_cast<std::int64_t>(r) * cols;
    for (int c = 0; c < cols; ++c)
      x[c] = static_cast<float>(row[static_cast<std::size_t>(c)]) / static_cast<float>(maxval);
  }
  return out;
}

}  // namespace dendrite
