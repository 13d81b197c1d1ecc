// Checkpoint: named tensors (parameters, optimizer state, ...) plus free-form JSON metadata,
// stored in a versioned, checksummed binary file that is replaced atomically.
//
//   Checkpoint ckpt;
//   ckpt.meta = {{"epoch", 3}, {"model", model_json}};
//   ckpt.tensors.emplace_back("dense1.w", w);
//   save_checkpoint("run/last.ckpt", ckpt);          // atomic: old file survives any failure
//
//   Checkpoint back = load_checkpoint("run/last.ckpt");  // verifies everything, throws Error
//   const Tensor& w1 = back.tensor("dense1.w");
//
// File layout, version 1 (all integers little-endian):
//
//   offset  size  field
//   0       8     magic "DNDRCKPT"
//   8       4     u32 format version (1)
//   12      8     u64 H, length of the JSON header in bytes
//   20      H     JSON header (UTF-8):
//                   {"meta": <any JSON>,
//                    "data_bytes": D,
//                    "tensors": [{"name": "w", "dtype": "f32" | "i32", "shape": [2, 3],
//                                 "offset": 0, "nbytes": 24}, ...]}
//   20+H    ...   zero padding up to S = the next multiple of 64
//   S       D     tensor data: each tensor's raw bytes (row-major) at S + offset, where every
//                 offset is a multiple of 64 (so every tensor is 64-byte aligned in the file);
//                 the gaps between tensors are zero
//   S+D     4     u32 CRC-32 (IEEE) of bytes [0, S+D), i.e. of everything before it
//
// The file is exactly S + D + 4 bytes long. nbytes must equal the product of the shape times the
// element size. Names are unique. load_checkpoint checks all of this and throws dendrite::Error
// naming the file and the offending field or offset.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "framework/core/tensor.h"

namespace dendrite {

inline constexpr char kCheckpointMagic[8] = {'D', 'N', 'D', 'R', 'C', 'K', 'P', 'T'};
inline constexpr std::uint32_t kCheckpointVersion = 1;
inline constexpr std::size_t kCheckpointAlignment = 64;

struct Checkpoint {
  nlohmann::json meta;
  std::vector<std::pair<std::string, Tensor>> tensors;
  // The file this came from (set by load_checkpoint); only used in error messages.
  std::string path;

  // nullptr when there is no tensor of that name.
  const Tensor* find(const std::string& name) const;
  // Throws Error naming the file and the tensor when there is no tensor of that name.
  const Tensor& tensor(const std::string& name) const;
};

// Writes `ckpt` to `path` atomically: a temporary "<path>.tmp.<pid>" is written, fsync'ed and
// renamed over `path`, then the directory is fsync'ed. On failure the temporary file is removed,
// the previous file at `path` is left as it was, and an Error names the path and the reason.
// Tensor names must be non-empty and unique.
void save_checkpoint(const std::string& path, const Checkpoint& ckpt);

// Reads and verifies a checkpoint file (see the layout above).
Checkpoint load_checkpoint(const std::string& path);

}  // namespace dendrite
