// CSV tables (libcsv) read into a Dataset: one sample per row, every column a float32 feature
// except the label column, which holds integer class labels.
//
//   CsvOptions opt;
//   opt.label_name = "species";                    // or opt.label_index = 0; default: the last column
//   Dataset d = read_csv_table("iris.csv", opt);   // images f32 [150, 4], sample_shape {4, 1, 1}
//
// The header row: CsvHeader::yes (the first row names the columns), no (every row is data), or
// detect (the default: the first row is a header when one of its cells is not a number). Cells
// may be quoted ("1.5"); spaces around a cell are ignored. Numbers are read as C's strtof reads
// them in the "C" locale, rounded once to float32 (so a float32 written with enough digits, as
// NumPy's repr writes it, reads back bit for bit).
//
// Errors name the file, and the row (counted from 1, the header row included; blank lines are
// skipped and not counted) and column (from 1, with its name when there is a header): a cell that
// is not a number, NaN or infinity, a value beyond float32, a row with another number of cells
// than the first, a label that is not an integer in [0, num_classes), a label column that does
// not exist, an empty file, a file with a header and no data, malformed CSV (a stray quote).
// Files starting with the gzip magic bytes are decompressed as they are read.
#pragma once

#include <cstdint>
#include <string>

#include "framework/data/dataset.h"

namespace dendrite {

enum class CsvHeader { no, yes, detect };

struct CsvOptions {
  std::string label_name;          // the label column by its header name (needs a header row)
  std::int64_t label_index = -1;   // the label column by position from 0; -1 = the last column
  CsvHeader header = CsvHeader::detect;
  char delimiter = ',';
  int num_classes = 0;             // labels in [0, num_classes); 0 = largest label + 1
  bool no_label = false;           // every column a feature (inputs to predict): labels all 0
};

// images f32 [N, F] (F = columns - 1), labels i32 [N], sample_shape {F, 1, 1}; name = the file's
// name.
Dataset read_csv_table(const std::string& path, const CsvOptions& options = {});

}  // namespace dendrite
