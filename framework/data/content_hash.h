// A content hash of a loaded data set: SHA-256 (OpenSSL libcrypto) over the decoded training and
// test tensors, so it keys results by what a model saw, whatever file names, compression or
// storage order the data came in (an EMNIST file and its transposed-back copy hash the same).
//
//   std::string h = dataset_content_hash(train, test);   // 64 lowercase hex digits
//
// Covered, per split in order (train, test): the sample shape {H, W, C}, the sample count, the
// class count, every image value (f32, little-endian bytes) and every label (i32, little-endian).
// Names and file paths are not covered.
#pragma once

#include <string>

#include "framework/data/dataset.h"

namespace dendrite {

std::string dataset_content_hash(const Dataset& train, const Dataset& test);

}  // namespace dendrite
