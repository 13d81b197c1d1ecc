#include "framework/data/data_source.h"

#include "framework/core/error.h"
#include "framework/data/cifar.h"
#include "framework/data/data_checks.h"
#include "framework/data/npz.h"

namespace dendrite {

namespace {

std::string shape_hwc(const Shape& s) { return fmt::format("{}x{}x{}", s[0], s[1], s[2]); }

struct Named {
  const DatasetDef& def;
  const LabelSet& labels;
  DatasetFiles files;
};

Named resolve(const DataSource& src) {
  const DatasetDef& def = find_dataset(src.dataset);
  const LabelSet& labels = def.label_set(src.label_set);
  return {def, labels, find_dataset_files(
                               def, src.folder.empty() ? dataset_folder(def, src.data_dir, src.default_data_dir) : src.folder)};
}

// One split of a named data set, checked against the definition's geometry.
Dataset load_split(const Named& n, const std::vector<std::string>& files) {
  Dataset d = n.def.format == DataFormat::cifar
                  ? load_cifar(files, n.def.label_bytes, n.labels.label_byte, n.labels.num_classes)
                  : load_idx_dataset(files[0], files[1], n.labels.num_classes, n.def.transposed);
  DENDRITE_CHECK(d.sample_shape == n.def.sample_shape,
                 "images file '{}' holds images of {} (height x width x channels{}); data set '{}' has {} images",
                 files[0], shape_hwc(d.sample_shape), n.def.transposed ? ", once transposed" : "", n.def.name,
                 shape_hwc(n.def.sample_shape));
  return d;
}

// The images and labels arrays of one split of array files: IDX/.npy files, or .npz members.
struct SplitArrays {
  std::unique_ptr<ArraySource> images, labels;
};
SplitArrays split_arrays(const DataSource& src, bool train) {
  if (!src.data.empty())
    return {npz_array(src.data, train ? "x_train" : "x_test"), npz_array(src.data, train ? "y_train" : "y_test")};
  const std::string& archive = train ? src.train_data : src.test_data;
  if (!archive.empty()) return {npz_array(archive, "x"), npz_array(archive, "y")};
  return {open_array_file(train ? src.train_images : src.test_images),
          open_array_file(train ? src.train_labels : src.test_labels)};
}

}  // namespace

DataShapes peek_data_shapes(const DataSource& src, bool need_train) {
  DataShapes s;
  if (src.named()) {
    const Named n = resolve(src);
    s.train = s.test = n.def.sample_shape;
    s.num_classes = n.labels.num_classes;
    s.train_images = n.files.train.front();
    s.test_images = n.files.test.front();
    return s;
  }
  s.num_classes = src.num_classes;
  const SplitArrays test = split_arrays(src, false);
  s.test_images = test.images->name();
  s.test = array_sample_shape(*test.images);
  if (!need_train) return s;
  const SplitArrays train = split_arrays(src, true);
  s.train_images = train.images->name();
  s.train = array_sample_shape(*train.images);
  check_same_sample_shape(s.train, s.train_images, s.test, s.test_images);
  return s;
}

TrainTest load_data(const DataSource& src, bool need_train) {
  TrainTest out;
  if (src.named()) {
    const Named n = resolve(src);
    if (need_train) out.train = load_split(n, n.files.train);
    out.test = load_split(n, n.files.test);
    return out;
  }
  const SplitArrays test = split_arrays(src, false);
  if (need_train) {
    const SplitArrays train = split_arrays(src, true);
    check_same_sample_shape(array_sample_shape(*train.images), train.images->name(), array_sample_shape(*test.images),
                            test.images->name());
    out.train = load_dataset(*train.images, *train.labels, src.num_classes);
  }
  out.test = load_dataset(*test.images, *test.labels, src.num_classes);
  // The class count comes from the training labels: every test label must fall inside it.
  if (need_train && src.num_classes <= 0) adopt_training_classes(out.test, out.train);
  return out;
}

}  // namespace dendrite
