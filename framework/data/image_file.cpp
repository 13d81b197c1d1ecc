#include "framework/data/image_file.h"

#include <cstdio>
#include <cstring>
#include <filesystem>

#include "framework/core/error.h"

namespace dendrite {

namespace {

// The first bytes of the file; fewer when it is shorter. Error naming the file when it cannot be
// opened.
std::string first_bytes(const std::string& path, std::size_t n) {
  std::error_code ec;
  DENDRITE_CHECK(std::filesystem::exists(path, ec), "image file '{}' does not exist", path);
  DENDRITE_CHECK(!std::filesystem::is_directory(path, ec), "image file '{}' is a directory, not a file", path);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  DENDRITE_CHECK(f != nullptr, "cannot open image file '{}': {}", path, std::strerror(errno));
  std::string head(n, '\0');
  head.resize(std::fread(head.data(), 1, n, f));
  std::fclose(f);
  return head;
}

}  // namespace

ImageFormat image_format(const std::string& head) {
  if (head.compare(0, 4, "\x89PNG") == 0) return ImageFormat::png;
  if (head.size() >= 2 && head[0] == 'P' && (head[1] == '5' || head[1] == '2')) return ImageFormat::pgm;
  return ImageFormat::none;
}

Tensor read_image(const std::string& path) {
  switch (image_format(first_bytes(path, 4))) {
    case ImageFormat::png:
      return read_png(path);
    case ImageFormat::pgm:
      return read_pgm(path);
    case ImageFormat::none:
      break;
  }
  throw Error(fmt::format("image file '{}' is neither a PNG file (which starts with \\x89PNG) nor a PGM file (P5 or "
                          "P2)",
                          path));
}

Tensor stack_images(const std::vector<std::string>& paths) {
  DENDRITE_CHECK(!paths.empty(), "stack_images: no image files given");
  Tensor first = read_image(paths[0]);
  const Shape& shape = first.shape();
  Tensor out({static_cast<std::int64_t>(paths.size()), shape[0], shape[1], shape[2]});
  const std::int64_t per_image = first.numel();
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const Tensor img = i == 0 ? first : read_image(paths[i]);
    DENDRITE_CHECK(img.shape() == shape,
                   "image file '{}' is {}x{} with {} channels, but '{}' (the first image) is {}x{} with {}; every "
                   "image must have the same size",
                   paths[i], img.dim(0), img.dim(1), img.dim(2), paths[0], shape[0], shape[1], shape[2]);
    std::memcpy(out.f32() + static_cast<std::int64_t>(i) * per_image, img.f32(), img.nbytes());
  }
  return out;
}

}  // namespace dendrite
