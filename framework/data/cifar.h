// The CIFAR-10 / CIFAR-100 binary format (Krizhevsky 2009), read into a Dataset.
//
// A file is a sequence of records: `label_bytes` label bytes (CIFAR-10: 1; CIFAR-100: 2, the
// coarse then the fine label), then 3,072 pixel bytes of one 32x32 colour image, channel-major:
// 1,024 red values row by row, then 1,024 green, then 1,024 blue. Nothing else: the file length is
// a whole number of records (the official files hold 10,000 or 50,000).
//
// The images become f32 [N, 32 * 32 * 3] in [0, 1] (/255), channel last as every image of a
// Dataset: pixel (r, c), channel ch is feature (r * 32 + c) * 3 + ch; sample_shape {32, 32, 3}.
//
//   Dataset train = load_cifar({"cifar-10-batches-bin/data_batch_1.bin", ...}, 1, 0, 10);
//   Dataset coarse = load_cifar({"cifar-100-binary/train.bin"}, 2, 0, 20);   // the coarse labels
//
// Files are read in order and their records concatenated. Errors name the file: a length that is
// not a whole number of records (with the length and what was expected), a label outside
// [0, num_classes) (with the record index and the value), unreadable or corrupt (gzip) files.
#pragma once

#include <string>
#include <vector>

#include "framework/data/dataset.h"

namespace dendrite {

inline constexpr int kCifarSide = 32;
inline constexpr int kCifarChannels = 3;
inline constexpr int kCifarImageBytes = kCifarSide * kCifarSide * kCifarChannels;  // 3072

// label_byte: which of the label_bytes labels becomes the sample's label.
Dataset load_cifar(const std::vector<std::string>& files, int label_bytes, int label_byte, int num_classes);

}  // namespace dendrite
