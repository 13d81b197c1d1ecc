#include "framework/data/catalog.h"

#include <filesystem>

#include "framework/core/error.h"

namespace dendrite {

namespace {

// MNIST's four file names, shared by the data sets distributed in its layout.
DatasetDef mnist_like(std::string name, std::string summary, std::int64_t epochs, std::string system_folder = "") {
  DatasetDef d;
  d.paper_epochs = epochs;
  d.folder = name;
  d.name = std::move(name);
  d.summary = std::move(summary);
  d.system_folder = std::move(system_folder);
  d.train_files = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"};
  d.test_files = {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
  d.sample_shape = {28, 28, 1};
  d.label_sets = {{"", 10, 0}};
  return d;
}

// One EMNIST split (Cohen et al. 2017): 28x28 grey images stored transposed.
DatasetDef emnist(const std::string& split, int num_classes, const std::string& summary) {
  DatasetDef d;
  d.name = "emnist-" + split;
  d.summary = summary;
  d.folder = "emnist";
  const std::string prefix = "emnist-" + split + "-";
  d.train_files = {prefix + "train-images-idx3-ubyte", prefix + "train-labels-idx1-ubyte"};
  d.test_files = {prefix + "test-images-idx3-ubyte", prefix + "test-labels-idx1-ubyte"};
  d.sample_shape = {28, 28, 1};
  d.label_sets = {{"", num_classes, 0}};
  d.transposed = true;
  d.paper_epochs = 50;
  return d;
}

// CIFAR binary batches (Krizhevsky 2009): 32x32 colour images.
DatasetDef cifar(std::string name, std::string summary, std::string folder, std::vector<std::string> train,
                 std::string test, std::vector<LabelSet> label_sets) {
  DatasetDef d;
  d.name = std::move(name);
  d.summary = std::move(summary);
  d.format = DataFormat::cifar;
  d.folder = std::move(folder);
  d.train_files = std::move(train);
  d.test_files = {std::move(test)};
  d.sample_shape = {32, 32, 3};
  d.label_bytes = static_cast<int>(label_sets.size());
  d.paper_epochs = 50;
  d.label_sets = std::move(label_sets);
  return d;
}

std::vector<DatasetDef> make_table() {
  return {
      mnist_like("mnist", "MNIST digits, 60,000 + 10,000 28x28 grey images, 10 classes", 15),
      mnist_like("fashion-mnist", "Zalando's Fashion-MNIST (official split), 60,000 + 10,000, 10 classes", 25,
                 "/usr/share/datasets/fashion-mnist"),
      mnist_like("kmnist", "Kuzushiji-MNIST, 60,000 + 10,000, 10 classes", 25),
      emnist("byclass", 62, "EMNIST ByClass, 697,932 + 116,323, 62 classes"),
      emnist("bymerge", 47, "EMNIST ByMerge, 697,932 + 116,323, 47 classes"),
      emnist("balanced", 47, "EMNIST Balanced, 112,800 + 18,800, 47 classes"),
      emnist("letters", 27, "EMNIST Letters, 124,800 + 20,800, labels 1..26 (27 classes, 0 unused)"),
      emnist("digits", 10, "EMNIST Digits, 240,000 + 40,000, 10 classes"),
      emnist("mnist", 10, "EMNIST MNIST, 60,000 + 10,000, 10 classes"),
      cifar("cifar10", "CIFAR-10, 50,000 + 10,000 32x32 colour images, 10 classes", "cifar-10-batches-bin",
            {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"},
            "test_batch.bin", {{"", 10, 0}}),
      cifar("cifar100", "CIFAR-100, 50,000 + 10,000, 100 fine or 20 coarse classes", "cifar-100-binary",
            {"train.bin"}, "test.bin", {{"fine", 100, 1}, {"coarse", 20, 0}}),
  };
}

}  // namespace

std::int64_t default_epochs(const std::string& dataset) {
  for (const DatasetDef& d : dataset_table())
    if (d.name == dataset) return d.paper_epochs;
  return kDefaultOwnDataEpochs;
}

const LabelSet& DatasetDef::label_set(const std::string& wanted) const {
  DENDRITE_ASSERT(!label_sets.empty(), "data set '{}' defines no labels", name);
  if (wanted.empty()) return label_sets.front();
  std::string known;
  for (const LabelSet& l : label_sets) {
    if (l.name == wanted) return l;
    known += (known.empty() ? "" : ", ") + (l.name.empty() ? std::string("(default)") : l.name);
  }
  throw Error(fmt::format("data set '{}' has no labels '{}' (it has: {})", name, wanted, known));
}

const std::vector<DatasetDef>& dataset_table() {
  static const std::vector<DatasetDef> table = make_table();
  return table;
}

const DatasetDef& find_dataset(const std::string& name) {
  for (const DatasetDef& d : dataset_table())
    if (d.name == name) return d;
  throw Error(fmt::format("unknown data set '{}'; known data sets: {}", name, dataset_names()));
}

std::string dataset_names(const std::string& separator) {
  std::string names;
  for (const DatasetDef& d : dataset_table()) names += (names.empty() ? "" : separator) + d.name;
  return names;
}

std::string dataset_folder(const DatasetDef& def, const std::string& data_dir, const std::string& default_data_dir) {
  namespace fs = std::filesystem;
  if (!data_dir.empty()) return (fs::path(data_dir) / def.folder).string();
  if (!def.system_folder.empty()) return def.system_folder;
  return (fs::path(default_data_dir) / def.folder).string();
}

DatasetFiles find_dataset_files(const DatasetDef& def, const std::string& folder) {
  namespace fs = std::filesystem;
  DatasetFiles out;
  out.folder = folder;
  std::vector<std::string> missing;
  const auto locate = [&](const std::string& name) {
    const fs::path plain = fs::path(folder) / name;
    std::error_code ec;
    if (fs::is_regular_file(plain, ec)) return plain.string();
    const fs::path gz = fs::path(folder) / (name + ".gz");
    if (fs::is_regular_file(gz, ec)) return gz.string();
    missing.push_back(name);
    return plain.string();
  };
  for (const std::string& f : def.train_files) out.train.push_back(locate(f));
  for (const std::string& f : def.test_files) out.test.push_back(locate(f));
  if (missing.empty()) return out;
  const auto join = [](const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& n : names) text += (text.empty() ? "" : ", ") + n;
    return text;
  };
  std::vector<std::string> all = def.train_files;
  all.insert(all.end(), def.test_files.begin(), def.test_files.end());
  const std::string where = fmt::format(
      "(each plain or gzip-compressed as NAME.gz; the folder is {}/ in the data folder{})", def.folder,
      def.system_folder.empty() ? "" : fmt::format(", or {} by default", def.system_folder));
  if (missing.size() == all.size())
    throw Error(fmt::format("data set '{}' is not in '{}': put {} there {}", def.name, folder, join(all), where));
  throw Error(fmt::format("data set '{}' is incomplete in '{}': {} {} missing; it needs {} there {}", def.name, folder,
                          join(missing), missing.size() == 1 ? "is" : "are", join(all), where));
}

}  // namespace dendrite
