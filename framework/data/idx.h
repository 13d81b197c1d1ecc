// IDX files: the MNIST array format, read and written.
//
// Layout: two zero bytes, a type byte (0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64),
// a byte with the number of dimensions (1..8), that many big-endian u32 dimensions, then the
// values in big-endian order, row-major, with nothing after them. A file that starts with the gzip
// magic bytes (0x1f 0x8b) is decompressed as it is read (any name; MNIST-style .gz files), and
// every rule below applies to the decompressed bytes.
//
//   IdxArray labels = read_idx("mnist/train-labels-idx1-ubyte");   // dims {60000}, type u8
//   int first = static_cast<int>(labels.value(0));                    // 5
//   IdxTensor images = read_idx_f32("mnist/train-images-idx3-ubyte");  // f32 [60000, 28, 28], 0..255
//   write_idx_u8("out-idx1-ubyte", {3}, {1, 2, 3});
//
// Every problem (missing file, bad header, wrong length, NaN/Inf in float data, a corrupt or
// truncated gzip stream) throws dendrite::Error with the file path, what is wrong and where (byte
// offset or element index; offsets count decompressed bytes in a gzip file).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "framework/core/tensor.h"

namespace dendrite {

enum class IdxType : std::uint8_t { u8, i8, i16, i32, f32, f64 };

const char* idx_type_name(IdxType type);     // "u8", "f32", ...
std::size_t idx_type_size(IdxType type);     // bytes per value: 1, 1, 2, 4, 4, 8
std::uint8_t idx_type_code(IdxType type);    // the type byte in the header: 0x08 .. 0x0E

// The validated header of an IDX file whose length matches its dimensions.
struct IdxHeader {
  IdxType type = IdxType::u8;
  std::vector<std::int64_t> dims;
  std::int64_t header_bytes = 0;  // 4 + 4 * dims.size(); the values start here
  std::int64_t numel() const;     // product of dims
};

// Reads and checks the header, and checks that the file length equals header + values.
// Reads only the header bytes: cheap, use it to check shapes before loading big files. For a gzip
// file the decompressed length is not known without decompressing it all, so only the header is
// checked here (and that the file could hold that much); the readers below check the length.
IdxHeader read_idx_header(const std::string& path);

// A whole IDX file with its values kept in their own type, in host byte order (an MNIST image
// file stays 1 byte per value). value(i) converts one element exactly to double.
struct IdxArray {
  IdxType type = IdxType::u8;
  std::vector<std::int64_t> dims;
  std::vector<std::uint8_t> bytes;  // numel() * idx_type_size(type) bytes

  std::int64_t numel() const;
  double value(std::int64_t i) const;  // element i in row-major order
  Tensor to_f32() const;               // f32 tensor of shape dims, values converted as they are
};

IdxArray read_idx(const std::string& path);

// Streams an IDX file straight into an f32 tensor of shape dims (no intermediate copy of the
// whole file: it is read in 1 MiB chunks). Values are converted as they are (u8 stays 0..255);
// float data must be finite, and f64 values must fit in f32. i32 values above 2^24 lose precision.
struct IdxTensor {
  IdxType type = IdxType::u8;  // the type stored in the file
  Tensor values;               // f32, shape = the file's dims
};
IdxTensor read_idx_f32(const std::string& path);

// Writes a u8 IDX file. dims: 1..8 dimensions, each in [1, 2^32); their product == data.size().
void write_idx_u8(const std::string& path, const std::vector<std::int64_t>& dims,
                  const std::vector<std::uint8_t>& data);

}  // namespace dendrite
