// The named data sets: one table row per data set says where its files are, in which format,
// how many classes it has, the geometry of a sample and how its images are stored. The tool's
// --dataset choices and their help come from this table; adding a data set is adding a row.
//
//   const DatasetDef& def = find_dataset("emnist-balanced");     // Error listing the names
//   DatasetFiles f = find_dataset_files(def, "/data");           // /data/emnist/emnist-balanced-*
//   def.label_set("").num_classes                                // 47
//
// | name              | folder (under the data folder)  | files                                        | classes | epochs |
// |-------------------|---------------------------------|----------------------------------------------|---------|--------|
// | mnist             | mnist                           | {train,t10k}-{images-idx3,labels-idx1}-ubyte | 10      | 15     |
// | fashion-mnist     | fashion-mnist (default: the Debian package's /usr/share/datasets/fashion-mnist) | as MNIST | 10 | 25 |
// | kmnist            | kmnist                          | as MNIST                                     | 10      | 25     |
// | emnist-<split>    | emnist                          | emnist-<split>-{train,test}-{images-idx3,labels-idx1}-ubyte | byclass 62, bymerge 47, balanced 47, letters 27, digits 10, mnist 10 | 50 |
// | cifar10           | cifar-10-batches-bin            | data_batch_{1..5}.bin, test_batch.bin        | 10      | 50     |
// | cifar100          | cifar-100-binary                | train.bin, test.bin                          | fine 100, coarse 20 | 50 |
//
// The epochs are those of the paper's protocol on the data set (Chavlis & Poirazi 2025): what
// `dendrite train` runs without --epochs and what the paper grid sets. Files of the user's own
// train for kDefaultOwnDataEpochs.
//
// Every file may also be present gzip-compressed, under its name plus ".gz" (the form KMNIST,
// EMNIST and Fashion-MNIST are distributed in); the plain file is read when both exist.
//
// EMNIST stores each image transposed (column by column) relative to MNIST; it is transposed
// back on load, so that rows are rows for the receptive fields. EMNIST letters has labels 1..26:
// like torchvision, the class count is 27 and class 0 (no letter) never occurs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "framework/core/tensor.h"

namespace dendrite {

enum class DataFormat {
  idx,    // an images file and a labels file per split (MNIST's format)
  cifar,  // CIFAR binary batches: per record, the label byte(s) then 3072 pixel bytes, channel-major
};

// One way of labelling a data set's samples (CIFAR-100 has two).
struct LabelSet {
  std::string name;      // "" when there is only one; "fine", "coarse"
  int num_classes = 0;
  int label_byte = 0;    // CIFAR: which label byte of a record (CIFAR-100: 0 coarse, 1 fine)
};

struct DatasetDef {
  std::string name;                      // the --dataset value
  std::string summary;                   // one line for --help
  DataFormat format = DataFormat::idx;
  std::string folder;                    // the files' folder under a data folder
  std::string system_folder;             // where a system package puts them ("" = none): read when no data folder is given
  std::vector<std::string> train_files;  // idx: images, labels; cifar: the batches, in order
  std::vector<std::string> test_files;
  Shape sample_shape;                    // {H, W, C} after loading
  std::vector<LabelSet> label_sets;      // the first one is the default
  bool transposed = false;               // images stored column by column: transposed on load
  int label_bytes = 0;                   // cifar: label bytes at the start of each record
  std::int64_t paper_epochs = 0;         // the epochs of the paper's protocol on this data set

  // The label set called `name` ("" = the default); Error naming the known ones otherwise.
  const LabelSet& label_set(const std::string& name) const;
};

const std::vector<DatasetDef>& dataset_table();
// The epochs of a run without --epochs on data that is not a named data set.
inline constexpr std::int64_t kDefaultOwnDataEpochs = 10;
// The paper's epochs of a named data set; kDefaultOwnDataEpochs for any other name ("idx").
std::int64_t default_epochs(const std::string& dataset);
// Error listing the known names when `name` is not one of them.
const DatasetDef& find_dataset(const std::string& name);
// "mnist, fashion-mnist, kmnist, ..." (or joined by `separator`).
std::string dataset_names(const std::string& separator = ", ");

// The paths of a named data set's files in `folder`: for each file, the plain name if it exists,
// else name + ".gz" if that exists. When some are missing, Error saying which files go where.
struct DatasetFiles {
  std::string folder;
  std::vector<std::string> train, test;  // in the order of the definition's lists
};
DatasetFiles find_dataset_files(const DatasetDef& def, const std::string& folder);

// The folder a named data set is read from: <data_dir>/<folder> when a data folder is given,
// else the system folder if the definition has one, else <default_data_dir>/<folder>.
std::string dataset_folder(const DatasetDef& def, const std::string& data_dir, const std::string& default_data_dir);

}  // namespace dendrite
