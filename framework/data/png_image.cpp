// PNG files through libpng's simplified API (png_image), which reports every error through the
// structure's message instead of a longjmp or exit.
#include <png.h>

#include <cstring>
#include <filesystem>
#include <vector>

#include "framework/core/error.h"
#include "framework/data/image_file.h"
#include "framework/data/input_stream.h"

namespace dendrite {

Tensor read_png(const std::string& path) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  DENDRITE_CHECK(png_image_begin_read_from_file(&image, path.c_str()) != 0, "PNG file '{}' cannot be read: {}",
                 path, image.message);
  // From here the image holds libpng's state until png_image_free (finish_read frees it too).
  struct Free {
    png_image* image;
    ~Free() { png_image_free(image); }
  } free_image{&image};

  if (image.format & PNG_FORMAT_FLAG_LINEAR) {
    throw Error(fmt::format("PNG file '{}' has 16-bit samples; only 8-bit PNG files are read (convert it to 8 bits)",
                            path));
  }
  const bool color = (image.format & PNG_FORMAT_FLAG_COLOR) != 0;
  const bool alpha = (image.format & PNG_FORMAT_FLAG_ALPHA) != 0;
  image.format = color ? (alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB) : (alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY);
  const std::int64_t channels = (color ? 3 : 1) + (alpha ? 1 : 0);
  const std::int64_t h = image.height, w = image.width;
  // A PNG file's pixels are deflate-compressed: more than deflate's largest expansion of the
  // file is a lie of the header, refused before any memory is set aside for it.
  std::error_code ec;
  const auto file_bytes = static_cast<std::int64_t>(std::filesystem::file_size(path, ec));
  DENDRITE_CHECK(!ec && h * w * channels <= max_gzip_expansion(file_bytes),
                 "PNG file '{}' declares a {}x{} image, more than its {} bytes can hold", path, h, w, file_bytes);

  std::vector<png_byte> pixels(PNG_IMAGE_SIZE(image));
  DENDRITE_CHECK(png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr) != 0,
                 "PNG file '{}' cannot be read (truncated or damaged): {}", path, image.message);
  Tensor out({h, w, channels});
  float* x = out.f32();
  for (std::size_t i = 0; i < pixels.size(); ++i) x[i] = static_cast<float>(pixels[i]) / 255.0f;
  return out;
}

}  // namespace dendrite
