// The data options of the dendrite subcommands (--dataset NAME from the catalog of
// framework/data/catalog.h, or four IDX files), turned into a DataSource and loaded with the
// checks a run makes before its first epoch.
//
//   add_data_options(cmd, o.data, /*need_train=*/true);
//   validate_data_options(o.data);                   // UsageError (exit 2) before any data is read
//   DataShapes shapes = peek_data(o.data);           // geometry: table or file headers
//   TrainTest data = load_checked_data(o.data);      // errors, and warnings printed to stderr
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "framework/data/data_source.h"

namespace dendrite::tools {

struct DataOptions {
  std::string dataset = "mnist";
  std::string data_dir;  // default: $DENDRITE_DATA_DIR, else the setup script's cache (see --help)
  std::string train_images, train_labels, test_images, test_labels;
  int classes = 0;              // --classes, IDX files only (0: largest training label + 1)
  std::string cifar100_labels;  // --cifar100-labels fine | coarse ("" = fine)
  bool need_train = true;
  bool dataset_given = false;  // --dataset appeared on the command line
};

void add_data_options(CLI::App& cmd, DataOptions& o, bool need_train);
// Checks the combination (either a named data set or IDX paths) before any work.
void validate_data_options(const DataOptions& o);
std::string data_set_label(const DataOptions& o);  // the data set's name, or "idx"
DataSource data_source(const DataOptions& o);
// The sample geometry and class count, from the data set's definition or the IDX headers.
DataShapes peek_data(const DataOptions& o);
// Loads the data (the training set too when o.need_train) and, with a training set, applies
// check_training_data: errors throw, warnings go to stderr as "warning: ..." lines.
TrainTest load_checked_data(const DataOptions& o);

}  // namespace dendrite::tools
