// Where a run's data comes from, and loading it: a named data set (framework/data/catalog.h) in
// a data folder, or four array files, each IDX or NumPy .npy (told apart by their magic bytes).
// What the tools need before training, in the order they need it: the sample shapes from the
// headers alone (to check a model against them before any data is read), then the data.
//
//   DataSource src;
//   src.dataset = "cifar100"; src.label_set = "coarse"; src.data_dir = "/data";
//   DataShapes shapes = peek_data_shapes(src);     // {32, 32, 3}, 20 classes; files checked to exist
//   TrainTest data = load_data(src);               // train [50000, 3072], test [10000, 3072]
//
//   DataSource idx;                                // IDX/.npy files; classes = --classes or max label + 1
//   idx.train_images = "a-images.idx"; idx.train_labels = "y.npy"; idx.test_images = ...; idx.test_labels = ...;
//   DataSource npz;                                // or .npz archives: npz.data = "mnist.npz" (x_train, y_train,
//   npz.train_data = "a.npz"; npz.test_data = "b.npz";  // x_test, y_test), or two archives of x and y
//
// Class counts: a named data set's from its definition; array files: num_classes, or when it is 0
// the training set's largest label + 1 (the test labels must fit in it). Train and test samples
// of different shapes are refused by peek_data_shapes (headers) and by load_data, naming both
// files and shapes.
#pragma once

#include <string>

#include "framework/data/catalog.h"
#include "framework/data/dataset.h"

namespace dendrite {

struct DataSource {
  std::string dataset;           // a name from the catalog; empty for array files
  std::string data_dir;          // named: the data folder given by the user ("" = default)
  std::string default_data_dir;  // named: the folder used when none is given (setup's cache)
  std::string folder;            // named: the data set's own folder, when given (instead of data_dir)
  std::string label_set;         // named: "" = the data set's default labels ("coarse" for CIFAR-100)
  std::string train_images, train_labels, test_images, test_labels;  // IDX or .npy files
  std::string data;                 // one .npz with x_train, y_train, x_test, y_test (Keras' mnist.npz)
  std::string train_data, test_data;  // two .npz archives, each with x and y
  int num_classes = 0;           // files: the class count (0 = largest training label + 1)

  bool named() const { return !dataset.empty(); }
};

struct DataShapes {
  Shape train, test;                     // {H, W, C} per sample
  int num_classes = 0;                   // 0 when only the labels can tell (files without a count)
  std::string train_images, test_images; // the files the shapes come from (for messages)
};

// Geometry without reading data: a named data set's from its definition (after checking that
// its files are present), IDX and .npy files' from their headers. need_train = false skips the training
// files (evaluation only). Error when train and test shapes differ.
DataShapes peek_data_shapes(const DataSource& src, bool need_train = true);

struct TrainTest {
  Dataset train, test;  // train is empty when need_train = false
};
TrainTest load_data(const DataSource& src, bool need_train = true);

}  // namespace dendrite
