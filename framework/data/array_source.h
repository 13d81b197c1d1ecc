// ArraySource: one array of a data set (the images or the labels) wherever it is stored: an IDX
// file, a NumPy .npy file, or an array inside a .npz archive. The data set loader
// (load_dataset in framework/data/dataset.h) reads each of its two arrays through this interface,
// so the checks and the conversion to a Dataset are the same code for every format.
//
//   std::unique_ptr<ArraySource> x = open_array_file("x_train.npy");  // IDX or .npy: by magic bytes
//   std::vector<std::int64_t> dims = x->dims();                         // header only
//
// The format of a file is told by its first bytes, never by its name: "\x93NUMPY" is a .npy file,
// anything else is read as IDX (whose reader names what is wrong with it). Both may be gzip
// compressed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "framework/core/tensor.h"
#include "framework/data/byte_source.h"

namespace dendrite {

// Image values as stored: f32 of shape dims(), and whether they were 8-bit unsigned integers
// (which the loader scales by 1/255).
struct ImageValues {
  Tensor values;
  bool u8 = false;
};

class ArraySource {
 public:
  virtual ~ArraySource() = default;
  // How messages name the array: a file path, or "archive.npz:x_train".
  virtual const std::string& name() const = 0;
  // The array's dimensions, from its header alone.
  virtual std::vector<std::int64_t> dims() const = 0;
  // The whole array as image values (types a format allows for images; else an Error).
  virtual ImageValues images() const = 0;
  // The whole array as label values, each exactly as a double (integers beyond 2^53 rounded);
  // types a format does not allow for labels are an Error.
  virtual std::vector<double> labels() const = 0;
};

enum class ArrayFileFormat { idx, npy };
ArrayFileFormat array_file_format(const std::string& path);

// An IDX or .npy file, chosen by array_file_format. The file is opened by each call.
std::unique_ptr<ArraySource> open_array_file(const std::string& path);

// An array in .npy form, read from a new ByteSource that `open` returns for each call (a .npy
// file, a member of a .npz archive). Images must be uint8, float32 or float64, labels of an
// integer type; other types are an Error naming the array.
std::unique_ptr<ArraySource> npy_array_source(std::string name,
                                              std::function<std::unique_ptr<ByteSource>()> open);

}  // namespace dendrite
