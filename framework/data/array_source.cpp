#include "framework/data/array_source.h"

#include <utility>

#include "framework/core/error.h"
#include "framework/data/idx.h"
#include "framework/data/input_stream.h"
#include "framework/data/npy.h"

namespace dendrite {

namespace {

class IdxArraySource : public ArraySource {
 public:
  explicit IdxArraySource(std::string path) : path_(std::move(path)) {}
  const std::string& name() const override { return path_; }
  std::vector<std::int64_t> dims() const override { return read_idx_header(path_).dims; }
  ImageValues images() const override {
    IdxTensor t = read_idx_f32(path_);
    return {std::move(t.values), t.type == IdxType::u8};
  }
  std::vector<double> labels() const override {
    const IdxArray a = read_idx(path_);
    std::vector<double> v(static_cast<std::size_t>(a.numel()));
    for (std::int64_t i = 0; i < a.numel(); ++i) v[static_cast<std::size_t>(i)] = a.value(i);
    return v;
  }

 private:
  std::string path_;
};

class NpyArraySource : public ArraySource {
 public:
  NpyArraySource(std::string name, std::function<std::unique_ptr<ByteSource>()> open)
      : name_(std::move(name)), open_(std::move(open)) {}
  const std::string& name() const override { return name_; }
  std::vector<std::int64_t> dims() const override { return read_npy_header(*open_()).dims; }
  ImageValues images() const override {
    const std::unique_ptr<ByteSource> in = open_();
    const NpyHeader h = read_npy_header(*open_());
    DENDRITE_CHECK(h.type == NpyType::u8 || h.type == NpyType::f32 || h.type == NpyType::f64,
                   "images {} has dtype {}; images must be uint8 (scaled by 1/255), float32 or float64 (taken as "
                   "they are)",
                   in->describe(), npy_type_name(h.type));
    NpyTensor t = read_npy_f32(*in);
    return {std::move(t.values), t.type == NpyType::u8};
  }
  std::vector<double> labels() const override {
    const std::unique_ptr<ByteSource> in = open_();
    const NpyHeader h = read_npy_header(*open_());
    DENDRITE_CHECK(npy_type_is_integer(h.type),
                   "labels {} has dtype {}; labels must be of an integer type (int8..int64, uint8..uint64)",
                   in->describe(), npy_type_name(h.type));
    return read_npy_values(*in).values;
  }

 private:
  std::string name_;
  std::function<std::unique_ptr<ByteSource>()> open_;
};

}  // namespace

ArrayFileFormat array_file_format(const std::string& path) {
  return is_npy_file(path) ? ArrayFileFormat::npy : ArrayFileFormat::idx;
}

std::unique_ptr<ArraySource> npy_array_source(std::string name,
                                              std::function<std::unique_ptr<ByteSource>()> open) {
  return std::make_unique<NpyArraySource>(std::move(name), std::move(open));
}

std::unique_ptr<ArraySource> open_array_file(const std::string& path) {
  if (array_file_format(path) == ArrayFileFormat::idx) return std::make_unique<IdxArraySource>(path);
  return npy_array_source(path, [path] { return std::make_unique<InputStream>(path, "NumPy file"); });
}

}  // namespace dendrite
