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

#include "framework/train/run_config.h"

#include "framework/data/data_source.h"

namespace dendrite::tools {

// DataOptions: framework/train/run_config.h.

void add_data_options(CLI::App& cmd, DataOptions& o, bool need_train);
// Checks the combination (either a named data set or IDX paths) before any work.
void validate_data_options(const DataOptions& o);
DataSource data_source(const DataOptions& o);
// The sample geometry and class count, from the data set's definition or the IDX headers.
DataShapes peek_data(const DataOptions& o);
// Loads the data (the training set too when o.need_train) and, with a training set, applies
// check_training_data: errors throw, warnings go to stderr as "warning: ..." lines.
// Warnings: only when `print` (a sweep's workers leave them to the sweep, which prints them once),
// and the [0, 1] range one only when not `normalized` (every run standardises its inputs).
struct DataWarnings {
  bool print = true;
  bool normalized = false;
};
TrainTest load_checked_data(const DataOptions& o, const DataWarnings& warnings = {});
// validation_split_warnings (framework/data/validation_split.h) as "warning: ..." lines on stderr.
void print_validation_split_warnings(const Dataset& train, double validation, const std::string& rule);

}  // namespace dendrite::tools
