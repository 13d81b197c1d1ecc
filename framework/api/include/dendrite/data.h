// Labelled image data sets in memory: a named one (MNIST, Fashion-MNIST, ...) from its folder,
// IDX files, or arrays the caller already has.
//
//   dendrite::api::DataSplit mnist = dendrite::api::load_dataset("mnist", ".deps/data/mnist");
//   mnist.train.size();        // 60000
//   mnist.train.features();    // 784 (28 x 28 x 1), values in [0, 1]
//
//   auto own = dendrite::api::DataSet::from_arrays(pixels, labels, {8, 8, 1}, 3);
//
// A DataSet is a cheap handle: copies share the same (read-only) samples.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dendrite/common.h"

namespace dendrite::api {

class DENDRITE_API DataSet {
 public:
  DataSet();  // empty: no samples

  // An images file and a labels file in the IDX format (MNIST's). Byte images are divided by
  // 255; float images are kept. classes <= 0: the largest label + 1.
  static DataSet from_idx(const std::string& images_path, const std::string& labels_path, int classes = 0);
  // images: size x features values (row-major, features = product of sample_shape), labels in
  // [0, classes). sample_shape: {height, width, channels} of one sample.
  static DataSet from_arrays(std::vector<float> images, std::vector<std::int32_t> labels,
                             const std::vector<std::int64_t>& sample_shape, int classes);

  std::int64_t size() const;      // samples
  std::int64_t features() const;  // values per sample
  int classes() const;
  std::vector<std::int64_t> sample_shape() const;  // {height, width, channels}
  std::string name() const;                        // the data set's or the images file's name
  const float* images() const;                     // size() x features(), row-major
  const std::int32_t* labels() const;              // size()

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
  friend class DataSetAccess;  // the library's own access to the samples
};

struct DataSplit {
  DataSet train, test;
};

// A named data set ("mnist", "fashion-mnist", "kmnist", "emnist-balanced") from `folder`: the folder holding its files (e.g.
// .deps/data/mnist), or a data folder holding them in the data set's own subfolder (.deps/data,
// as `dendrite train --data-dir` takes it). An empty folder means $DENDRITE_DATA_DIR.
DENDRITE_API DataSplit load_dataset(const std::string& name, const std::string& folder = "");

}  // namespace dendrite::api
