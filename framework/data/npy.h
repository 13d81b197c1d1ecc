// NumPy .npy files (numpy.save), read into the project's tensors.
//
// Layout: the magic bytes "\x93NUMPY", a version byte pair (1.0, 2.0 or 3.0), the header length
// (little-endian u16 for 1.0, u32 after), the header dictionary (framework/data/npy_header.h),
// then the values: numel * itemsize bytes in the byte order of the dtype string, in C (row-major)
// order or, with 'fortran_order': True, column-major. Nothing follows them.
//
//   NpyHeader h = read_npy_header("x_train.npy");           // dims {60000, 28, 28}, type u8
//   NpyTensor x = read_npy_f32("x_train.npy");              // f32 [60000, 28, 28], 0..255
//   NpyValues y = read_npy_values("y_train.npy");           // uint8 labels, each as a double
//
// Types: int8..int64, uint8..uint64, float32, float64, little- or big-endian (converted to the
// host's order); Fortran-ordered arrays are converted to C order on load. Everything else is
// refused by name: booleans, float16, complex, strings, Python objects (pickles are never run),
// dates, structured dtypes. Also refused, with the file and what is wrong: a file that does not
// start with the magic bytes, a header that does not parse, a shape with a 0 dimension (no
// samples), a length that differs from the header's (truncated data or trailing bytes), NaN or
// infinity in float data, float64 values too large for float32.
//
// Every reader also takes a ByteSource, so the same code reads an array inside a .npz archive
// (framework/data/npz.h) and a gzip-compressed .npy file (through InputStream).
//
// Why not xtensor's xnpy.hpp: it can only load an array whose C++ element type the caller names
// in advance (a cast error otherwise), leaves the buffer unfilled without an error when the file
// is truncated, reads the header length through signed chars (wrong for header bytes >= 0x80),
// and allocates whatever the shape declares. The header dictionary is the only part parsed here
// by hand; the values are plain fixed-size numbers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "framework/core/tensor.h"
#include "framework/data/byte_source.h"

namespace dendrite {

enum class NpyType : std::uint8_t { i8, i16, i32, i64, u8, u16, u32, u64, f32, f64 };

const char* npy_type_name(NpyType type);  // NumPy's names: "int8", "uint64", "float32", ...
std::size_t npy_type_size(NpyType type);  // bytes per value
bool npy_type_is_integer(NpyType type);

struct NpyHeader {
  NpyType type = NpyType::u8;
  bool big_endian = false;
  bool fortran_order = false;
  std::vector<std::int64_t> dims;  // every dimension >= 1; () for a scalar
  std::int64_t header_bytes = 0;   // the values start here
  std::int64_t numel() const;
  std::int64_t data_bytes() const;
};

// True when the data of the file (decompressed, for a gzip file) starts with "\x93NUMPY"; false
// for anything else, a missing or short file included.
bool is_npy_file(const std::string& path);

// Reads and checks the header (and, when the source's length is known, that it matches the
// header). Reads only the header bytes.
NpyHeader read_npy_header(ByteSource& in);
NpyHeader read_npy_header(const std::string& path);

// The whole array as f32 of shape dims in C order, values converted as they are (uint8 stays
// 0..255; integers above 2^24 lose precision).
struct NpyTensor {
  NpyType type = NpyType::u8;  // the type stored in the file
  Tensor values;
};
NpyTensor read_npy_f32(ByteSource& in);
NpyTensor read_npy_f32(const std::string& path);

// The whole array with each value as a double in C order (integers beyond 2^53 rounded): for
// labels, whose type and range the caller checks.
struct NpyValues {
  NpyType type = NpyType::u8;
  std::vector<std::int64_t> dims;
  std::vector<double> values;
};
NpyValues read_npy_values(ByteSource& in);
NpyValues read_npy_values(const std::string& path);

}  // namespace dendrite
