// DataSet: a shared, read-only framework Dataset; the named data sets and IDX files.
#include "dendrite/data.h"

#include <cmath>
#include <cstdlib>

#include "framework/api/conversions.h"
#include "framework/data/data_source.h"

namespace dendrite::api {

struct DataSet::Impl {
  Dataset data;
};

const Dataset& DataSetAccess::dataset(const DataSet& d) { return d.impl_->data; }

DataSet DataSetAccess::wrap(Dataset d) {
  DataSet out;
  out.impl_ = std::make_shared<const DataSet::Impl>(DataSet::Impl{std::move(d)});
  return out;
}

namespace {
Dataset empty_dataset() {
  Dataset d;
  d.images = Tensor({0, 1}, DType::f32);
  d.labels = Tensor({0}, DType::i32);
  d.sample_shape = {1, 1, 1};
  return d;
}
}  // namespace

DataSet::DataSet() : impl_(std::make_shared<const Impl>(Impl{empty_dataset()})) {}

DataSet DataSet::from_idx(const std::string& images_path, const std::string& labels_path, int classes) {
  return DataSetAccess::wrap(load_idx_dataset(images_path, labels_path, classes));
}

DataSet DataSet::from_arrays(std::vector<float> images, std::vector<std::int32_t> labels,
                             const std::vector<std::int64_t>& sample_shape, int classes) {
  DENDRITE_CHECK(sample_shape.size() == 3 && sample_shape[0] > 0 && sample_shape[1] > 0 && sample_shape[2] > 0,
                 "DataSet::from_arrays: sample_shape must be {{height, width, channels}}, all positive, got {}",
                 shape_str(sample_shape));
  DENDRITE_CHECK(classes > 0, "DataSet::from_arrays: classes must be positive, got {}", classes);
  const auto n = static_cast<std::int64_t>(labels.size());
  const std::int64_t features = shape_numel(sample_shape);
  DENDRITE_CHECK(static_cast<std::int64_t>(images.size()) == n * features,
                 "DataSet::from_arrays: {} labels of samples {} need {} image values, got {}", n,
                 shape_str(sample_shape), n * features, images.size());
  for (std::size_t i = 0; i < labels.size(); ++i)
    DENDRITE_CHECK(labels[i] >= 0 && labels[i] < classes, "DataSet::from_arrays: label {} is {}, not in [0, {})", i,
                   labels[i], classes);
  for (std::size_t i = 0; i < images.size(); ++i)
    DENDRITE_CHECK(std::isfinite(images[i]), "DataSet::from_arrays: image value {} is {}", i, images[i]);
  Dataset d;
  d.images = Tensor::from_f32({n, features}, images);
  d.labels = Tensor::from_i32({n}, labels);
  d.sample_shape = sample_shape;
  d.num_classes = classes;
  d.name = "arrays";
  return DataSetAccess::wrap(std::move(d));
}

std::int64_t DataSet::size() const { return impl_->data.size(); }
std::int64_t DataSet::features() const { return impl_->data.features(); }
int DataSet::classes() const { return impl_->data.num_classes; }
std::vector<std::int64_t> DataSet::sample_shape() const { return impl_->data.sample_shape; }
std::string DataSet::name() const { return impl_->data.name; }
const float* DataSet::images() const { return impl_->data.images.f32(); }
const std::int32_t* DataSet::labels() const { return impl_->data.labels.i32(); }

DataSplit load_dataset(const std::string& name, const std::string& folder) {
  std::string dir = folder;
  if (dir.empty()) {
    const char* env = std::getenv("DENDRITE_DATA_DIR");
    DENDRITE_CHECK(env != nullptr && *env != '\0',
                   "load_dataset('{}'): no folder given and $DENDRITE_DATA_DIR is not set", name);
    dir = env;
  }
  // The files in `dir` itself, else in the data set's subfolder of `dir`.
  DataSource src;
  src.dataset = name;
  const DatasetDef& def = find_dataset(name);
  try {
    find_dataset_files(def, dir);
    src.folder = dir;
  } catch (const Error&) {
    src.data_dir = dir;
    try {
      find_dataset_files(def, dataset_folder(def, dir, ""));
    } catch (const Error& e) {
      throw Error(fmt::format("load_dataset('{}'): not in '{}' itself, and {}", name, dir, e.what()));
    }
  }
  TrainTest data = load_data(src);
  data.train.name = data.test.name = name;
  DataSplit out;
  out.train = DataSetAccess::wrap(std::move(data.train));
  out.test = DataSetAccess::wrap(std::move(data.test));
  return out;
}

}  // namespace dendrite::api
