#include "framework/data/data_source.h"

#include "framework/core/error.h"
#include "framework/data/cifar.h"
#include "framework/data/data_checks.h"

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
  s.test_images = src.test_images;
  s.test = array_sample_shape(src.test_images);
  if (!need_train) return s;
  s.train_images = src.train_images;
  s.train = array_sample_shape(src.train_images);
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
  if (need_train) {
    check_same_sample_shape(array_sample_shape(src.train_images), src.train_images,
                            array_sample_shape(src.test_images), src.test_images);
    out.train = load_array_dataset(src.train_images, src.train_labels, src.num_classes);
  }
  out.test = load_array_dataset(src.test_images, src.test_labels, src.num_classes);
  // The class count comes from the training labels: every test label must fall inside it.
  if (need_train && src.num_classes <= 0) adopt_training_classes(out.test, out.train);
  return out;
}

}  // namespace dendrite
