// Single images from PNG (libpng) and PGM (netpbm) files, as f32 [H, W, C] tensors with values in
// [0, 1], channel last, the layout of every image of a Dataset (framework/data/dataset.h).
//
//   Tensor img = read_image("digit.png");          // [28, 28, 1]: grey; RGB gives C = 3, RGBA 4
//   Tensor pgm = read_image("digit.pgm");          // P5 (binary) or P2 (ASCII), any maxval
//   Tensor all = stack_images({"a.png", "b.png"}); // [2, 28, 28, 1]; every image the same size
//
// PNG: 8-bit grey, grey + alpha, RGB, RGBA or palette files (a palette is expanded to RGB or
// RGBA), value / 255; 16-bit files are refused. PGM: value / maxval. The format is told by the
// first bytes ("\x89PNG", "P5", "P2"), not by the name. Errors name the file: not an image of a
// known format, a truncated or corrupt file (libpng's or netpbm's reason), a 16-bit PNG, an image
// too large for its file, and for stack_images an image whose size differs from the first one's.
#pragma once

#include <string>
#include <vector>

#include "framework/core/tensor.h"

namespace dendrite {

Tensor read_png(const std::string& path);
Tensor read_pgm(const std::string& path);
Tensor read_image(const std::string& path);  // read_png or read_pgm, by the file's magic bytes

enum class ImageFormat { none, png, pgm };
// The format a file's first bytes (at least 4 when the file has them) announce; none for others.
ImageFormat image_format(const std::string& head);

// The images of the files, in order, as one f32 [N, H, W, C] tensor.
Tensor stack_images(const std::vector<std::string>& paths);

}  // namespace dendrite
