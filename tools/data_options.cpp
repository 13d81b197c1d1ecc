#include "tools/data_options.h"

#include <cstdio>
#include <cstdlib>

#include "framework/data/data_checks.h"
#include "framework/data/validation_split.h"
#include "tools/cli_common.h"

namespace dendrite::tools {

namespace {

// One line per named data set for --help: name, what it is, where its files go.
std::string dataset_footer() {
  std::string out = "Named data sets (--dataset NAME; files in DIR/<folder>/ with --data-dir DIR, plain or .gz):\n";
  for (const DatasetDef& d : dataset_table()) {
    out += fmt::format("  {:<16} {}; folder {}/{}\n", d.name, d.summary, d.folder,
                       d.system_folder.empty() ? "" : fmt::format(" (default {})", d.system_folder));
  }
  return out;
}

}  // namespace

void add_data_options(CLI::App& cmd, DataOptions& o, bool need_train) {
  o.need_train = need_train;
  cmd.add_option("--dataset", o.dataset, "named data set: " + dataset_names(" | "))
      ->capture_default_str()
      ->each([&o](const std::string&) { o.dataset_given = true; });
  cmd.add_option("--data-dir", o.data_dir,
                 "folder holding the named data sets, each in its own folder (listed below); default: "
                 "$DENDRITE_DATA_DIR, else the setup cache (and /usr/share/datasets/fashion-mnist for fashion-mnist)");
  cmd.add_option("--cifar100-labels", o.cifar100_labels, "cifar100: fine (100 classes, the default) | coarse (20)")
      ->check(CLI::IsMember({"fine", "coarse"}));
  if (need_train) {
    cmd.add_option("--train-images", o.train_images, "IDX file of training images (instead of --dataset; may be .gz)");
    cmd.add_option("--train-labels", o.train_labels, "IDX file of training labels");
  }
  cmd.add_option("--test-images", o.test_images, "IDX file of test images (instead of --dataset; may be .gz)");
  cmd.add_option("--test-labels", o.test_labels, "IDX file of test labels");
  if (need_train) {
    cmd.add_option("--data", o.data, "one .npz archive with x_train, y_train, x_test, y_test (Keras' mnist.npz)");
    cmd.add_option("--train-data", o.train_data, ".npz archive of the training set: arrays x and y");
  }
  cmd.add_option("--test-data", o.test_data, ".npz archive of the test set: arrays x and y");
  cmd.add_option("--classes", o.classes,
                 need_train ? "IDX files: the number of classes (default: the largest training label + 1)"
                            : "IDX files: the number of classes (default: the largest test label + 1)")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            int v = 0;
            return CLI::detail::lexical_cast(text, v) && v >= 2
                       ? std::string()
                       : "must be an integer of at least 2 (a classifier needs two classes), got '" + text + "'";
          },
          "CLASSES"));
  cmd.footer(dataset_footer());
}

void validate_data_options(const DataOptions& o) {
  if (!o.from_files()) {
    const DatasetDef* def = nullptr;
    for (const DatasetDef& d : dataset_table())
      if (d.name == o.dataset) def = &d;
    DENDRITE_USAGE_CHECK(def != nullptr, "unknown --dataset '{}' (known: {}; or give IDX files)", o.dataset,
                         dataset_names());
    DENDRITE_USAGE_CHECK(o.classes == 0, "--classes applies to IDX files; data set '{}' has {} classes", o.dataset,
                         def->label_set(o.cifar100_labels).num_classes);
    DENDRITE_USAGE_CHECK(o.cifar100_labels.empty() || def->label_sets.size() > 1,
                         "--cifar100-labels applies to --dataset cifar100, not {}", o.dataset);
    return;
  }
  DENDRITE_USAGE_CHECK(!o.dataset_given, "give either --dataset or data files, not both");
  const bool arrays = !o.train_images.empty() || !o.train_labels.empty() || !o.test_images.empty() ||
                      !o.test_labels.empty();
  const bool archives = !o.train_data.empty() || !o.test_data.empty();
  DENDRITE_USAGE_CHECK(int(arrays) + int(archives) + int(!o.data.empty()) == 1,
                       "give one form of data files: --data FILE.npz, or --train-data and --test-data (.npz), or "
                       "--train-images, --train-labels, --test-images and --test-labels");
  if (!o.data.empty()) return;
  if (archives) {
    DENDRITE_USAGE_CHECK(!o.test_data.empty(), "--train-data needs --test-data (an .npz archive of x and y)");
    if (o.need_train)
      DENDRITE_USAGE_CHECK(!o.train_data.empty(), "--test-data needs --train-data (an .npz archive of x and y)");
    return;
  }
  DENDRITE_USAGE_CHECK(o.data_dir.empty(), "--data-dir applies to --dataset, not to IDX files");
  DENDRITE_USAGE_CHECK(o.cifar100_labels.empty(), "--cifar100-labels applies to --dataset cifar100, not to IDX files");
  DENDRITE_USAGE_CHECK(!o.test_images.empty() && !o.test_labels.empty(),
                       "IDX data needs both --test-images and --test-labels");
  if (o.need_train)
    DENDRITE_USAGE_CHECK(!o.train_images.empty() && !o.train_labels.empty(),
                         "IDX data needs --train-images, --train-labels, --test-images and --test-labels");
}


DataSource data_source(const DataOptions& o) {
  DataSource s;
  if (!o.from_files()) {
    s.dataset = o.dataset;
    s.data_dir = o.data_dir;
    if (s.data_dir.empty()) {
      const char* env = std::getenv("DENDRITE_DATA_DIR");
      if (env != nullptr) s.data_dir = env;
    }
    s.default_data_dir = DENDRITE_DEFAULT_DATA_DIR;
    s.label_set = o.cifar100_labels;
    return s;
  }
  s.train_images = o.train_images;
  s.train_labels = o.train_labels;
  s.test_images = o.test_images;
  s.test_labels = o.test_labels;
  s.data = o.data;
  s.train_data = o.train_data;
  s.test_data = o.test_data;
  s.num_classes = o.classes;
  return s;
}

void print_validation_split_warnings(const Dataset& train, double validation, const std::string& rule) {
  for (const std::string& w : validation_split_warnings(train, validation, parse_validation_split(rule)))
    std::fprintf(stderr, "warning: %s\n", w.c_str());
}

DataShapes peek_data(const DataOptions& o) { return peek_data_shapes(data_source(o), o.need_train); }

TrainTest load_checked_data(const DataOptions& o, const DataWarnings& warnings) {
  TrainTest data = load_data(data_source(o), o.need_train);
  if (o.need_train) {
    for (const std::string& w : check_training_data(data.train, data.test, warnings.normalized))
      if (warnings.print) std::fprintf(stderr, "warning: %s\n", w.c_str());
  }
  return data;
}

}  // namespace dendrite::tools
