// Tests of the named data sets (framework/data/catalog.h): the table's rows, where their files
// are looked for (plain or .gz), and the message that says which files go where.
#include "framework/data/catalog.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"
#include "tests/data/data_test_util.h"

namespace dendrite {
namespace {

using test::expect_error;
using test::TempDir;
using testing::write_bytes;

TEST(Catalog, EveryDataSetOfThePaperIsARowWithItsClassCountAndGeometry) {
  const std::vector<std::pair<std::string, int>> expected = {
      {"mnist", 10},         {"fashion-mnist", 10},  {"kmnist", 10},        {"emnist-byclass", 62},
      {"emnist-bymerge", 47}, {"emnist-balanced", 47}, {"emnist-letters", 27}, {"emnist-digits", 10},
      {"emnist-mnist", 10},   {"cifar10", 10},        {"cifar100", 100}};
  ASSERT_EQ(dataset_table().size(), expected.size());
  std::set<std::string> names;
  for (const auto& [name, classes] : expected) {
    const DatasetDef& d = find_dataset(name);
    EXPECT_EQ(d.name, name);
    EXPECT_EQ(d.label_set("").num_classes, classes) << name;
    EXPECT_FALSE(d.summary.empty()) << name;
    names.insert(d.name);
    const bool cifar = name.rfind("cifar", 0) == 0;
    EXPECT_EQ(d.format, cifar ? DataFormat::cifar : DataFormat::idx) << name;
    EXPECT_EQ(d.sample_shape, cifar ? (Shape{32, 32, 3}) : (Shape{28, 28, 1})) << name;
    EXPECT_EQ(d.transposed, name.rfind("emnist-", 0) == 0) << name;  // only EMNIST is stored transposed
    EXPECT_EQ(d.train_files.size(), name == "cifar10" ? 5u : cifar ? 1u : 2u) << name;
  }
  EXPECT_EQ(names.size(), expected.size());
  EXPECT_EQ(dataset_names(), "mnist, fashion-mnist, kmnist, emnist-byclass, emnist-bymerge, emnist-balanced, "
                             "emnist-letters, emnist-digits, emnist-mnist, cifar10, cifar100");
  expect_error([] { find_dataset("cifar"); }, {"unknown data set 'cifar'", "mnist, fashion-mnist, kmnist"});
}

TEST(Catalog, FileNamesAreTheDistributedOnes) {
  const DatasetDef& e = find_dataset("emnist-balanced");
  EXPECT_EQ(e.folder, "emnist");
  EXPECT_EQ(e.train_files, (std::vector<std::string>{"emnist-balanced-train-images-idx3-ubyte",
                                                     "emnist-balanced-train-labels-idx1-ubyte"}));
  EXPECT_EQ(e.test_files, (std::vector<std::string>{"emnist-balanced-test-images-idx3-ubyte",
                                                    "emnist-balanced-test-labels-idx1-ubyte"}));
  const DatasetDef& k = find_dataset("kmnist");
  EXPECT_EQ(k.test_files, (std::vector<std::string>{"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}));
  const DatasetDef& c10 = find_dataset("cifar10");
  EXPECT_EQ(c10.folder, "cifar-10-batches-bin");
  EXPECT_EQ(c10.train_files.back(), "data_batch_5.bin");
  EXPECT_EQ(c10.test_files, (std::vector<std::string>{"test_batch.bin"}));
  EXPECT_EQ(c10.label_bytes, 1);
  const DatasetDef& c100 = find_dataset("cifar100");
  EXPECT_EQ(c100.folder, "cifar-100-binary");
  EXPECT_EQ(c100.label_bytes, 2);  // coarse, then fine
  EXPECT_EQ(c100.label_set("fine").label_byte, 1);
  EXPECT_EQ(c100.label_set("coarse").label_byte, 0);
  EXPECT_EQ(c100.label_set("coarse").num_classes, 20);
  EXPECT_EQ(c100.label_set("").name, "fine");
  expect_error([&] { c100.label_set("medium"); }, {"'cifar100'", "no labels 'medium'", "fine, coarse"});
}

TEST(Catalog, FolderComesFromTheDataFolderElseTheSystemPackageElseTheCache) {
  const DatasetDef& fashion = find_dataset("fashion-mnist");
  EXPECT_EQ(dataset_folder(fashion, "/d", "/cache"), "/d/fashion-mnist");
  EXPECT_EQ(dataset_folder(fashion, "", "/cache"), "/usr/share/datasets/fashion-mnist");
  const DatasetDef& mnist = find_dataset("mnist");
  EXPECT_EQ(dataset_folder(mnist, "/d", "/cache"), "/d/mnist");
  EXPECT_EQ(dataset_folder(mnist, "", "/cache"), "/cache/mnist");
}

TEST(Catalog, FilesArePlainOrGzipPlainFirst) {
  TempDir dir;
  const std::string folder = dir.file("kmnist");
  std::filesystem::create_directories(folder);
  for (const char* f : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte.gz",
                        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte.gz"})
    write_bytes(folder + "/" + f, {1});
  const DatasetFiles files = find_dataset_files(find_dataset("kmnist"), folder);
  EXPECT_EQ(files.train, (std::vector<std::string>{folder + "/train-images-idx3-ubyte.gz",
                                                   folder + "/train-labels-idx1-ubyte"}));
  EXPECT_EQ(files.test, (std::vector<std::string>{folder + "/t10k-images-idx3-ubyte",
                                                  folder + "/t10k-labels-idx1-ubyte.gz"}));
}

TEST(Catalog, MissingFilesSayWhichFilesGoWhere) {
  TempDir dir;
  const std::string folder = dir.file("emnist");
  expect_error([&] { find_dataset_files(find_dataset("emnist-letters"), folder); },
               {"data set 'emnist-letters' is not in '" + folder + "'", "put emnist-letters-train-images-idx3-ubyte, "
                "emnist-letters-train-labels-idx1-ubyte, emnist-letters-test-images-idx3-ubyte, "
                "emnist-letters-test-labels-idx1-ubyte there", "NAME.gz", "emnist/ in the data folder"});
  std::filesystem::create_directories(folder);
  write_bytes(folder + "/emnist-letters-train-images-idx3-ubyte.gz", {1});
  write_bytes(folder + "/emnist-letters-train-labels-idx1-ubyte", {1});
  write_bytes(folder + "/emnist-letters-test-labels-idx1-ubyte", {1});
  expect_error([&] { find_dataset_files(find_dataset("emnist-letters"), folder); },
               {"incomplete in '" + folder + "'", "emnist-letters-test-images-idx3-ubyte is missing"});
  // A folder with the file's name is not the file.
  std::filesystem::create_directories(folder + "/emnist-letters-test-images-idx3-ubyte");
  expect_error([&] { find_dataset_files(find_dataset("emnist-letters"), folder); },
               {"emnist-letters-test-images-idx3-ubyte is missing"});
  expect_error([&] { find_dataset_files(find_dataset("fashion-mnist"), dir.file("f")); },
               {"fashion-mnist/ in the data folder, or /usr/share/datasets/fashion-mnist by default"});
}

}  // namespace
}  // namespace dendrite
