#include "tools/predict_inputs.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "framework/core/error.h"
#include "framework/data/array_source.h"
#include "framework/data/dataset.h"
#include "framework/data/image_file.h"
#include "framework/data/npz.h"

namespace dendrite::tools {

namespace {

enum class InputKind { image, npz, csv, array };

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

InputKind input_kind(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  DENDRITE_CHECK(in.good(), "input file '{}' cannot be opened: {}", path, std::strerror(errno));
  std::string magic(4, '\0');
  in.read(magic.data(), 4);
  magic.resize(static_cast<std::size_t>(in.gcount()));
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (image_format(magic) != ImageFormat::none) return InputKind::image;
  if (magic == std::string("PK\x03\x04", 4)) return InputKind::npz;
  if (ends_with(lower, ".csv") || ends_with(lower, ".csv.gz") || ends_with(lower, ".txt")) return InputKind::csv;
  return InputKind::array;
}

// One file's samples as a data set (labels unused).
Dataset load_one(const std::string& path, InputKind kind, const PredictInputOptions& o) {
  switch (kind) {
    case InputKind::image: {
      Tensor img = read_image(path);
      Dataset d;
      d.sample_shape = {img.dim(0), img.dim(1), img.dim(2)};
      d.images = img.reshaped({1, img.numel()});
      d.labels = Tensor({1}, DType::i32);
      d.name = d.images_file = path;
      return d;
    }
    case InputKind::npz: {
      // npz_array names the arrays the archive holds when it has no "x".
      return load_unlabelled_dataset(*npz_array(path, "x"));
    }
    case InputKind::csv: {
      Dataset d = read_csv_table(path, o.csv);
      if (d.images_file.empty()) d.images_file = path;
      return d;
    }
    case InputKind::array:
      return load_unlabelled_dataset(*open_array_file(path));
  }
  throw Error("unreachable input kind");
}

}  // namespace

PredictInputs load_predict_inputs(const std::vector<std::string>& files, const PredictInputOptions& options) {
  DENDRITE_CHECK(!files.empty(), "--input: no input file given");
  std::vector<Dataset> parts;
  PredictInputs out;
  out.named_by_file = true;
  std::int64_t rows = 0;
  for (const std::string& path : files) {
    const InputKind kind = input_kind(path);
    Dataset d = load_one(path, kind, options);
    if (!parts.empty()) {
      DENDRITE_CHECK(d.features() == parts.front().features(),
                     "input file '{}' has samples of shape {} ({} features), but '{}' has {} ({}); every input "
                     "must have the model's input size",
                     path, shape_str(d.sample_shape), d.features(), files.front(), shape_str(parts.front().sample_shape),
                     parts.front().features());
    }
    const std::string file = std::filesystem::path(path).filename().string();
    if (kind == InputKind::image) {
      out.names.push_back(file);
    } else {
      out.named_by_file = false;
      for (std::int64_t i = 0; i < d.size(); ++i)
        out.names.push_back(files.size() == 1 ? std::to_string(i) : fmt::format("{}:{}", file, i));
    }
    rows += d.size();
    parts.push_back(std::move(d));
  }
  out.sample_shape = parts.front().sample_shape;
  const std::int64_t f = parts.front().features();
  out.x = Tensor({rows, f});
  float* dst = out.x.f32();
  for (const Dataset& d : parts) {
    std::copy(d.images.f32(), d.images.f32() + d.images.numel(), dst);
    dst += d.images.numel();
  }
  return out;
}

}  // namespace dendrite::tools
