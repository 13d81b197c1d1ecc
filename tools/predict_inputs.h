// The inputs of `dendrite predict`: samples without labels from .npy, .npz (array "x"), IDX, CSV
// or PNG/PGM image files, as one f32 [N, features] tensor with a name for each row.
//
//   PredictInputOptions o;                            // CSV: every column a feature
//   PredictInputs in = load_predict_inputs({"digit0.png", "digit1.png"}, o);
//   in.x;        // f32 [2, H*W*C], values in [0, 1]
//   in.names;    // {"digit0.png", "digit1.png"}
//
// The kind of a file is told by its first bytes (PNG, PGM, zip for .npz, "\x93NUMPY", gzip or IDX);
// a name ending in .csv (or .csv.gz) or .txt is a CSV table. Rows of several files are stacked in
// the order given, and must have one feature count. Errors name the file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "framework/core/tensor.h"
#include "framework/data/csv_table.h"

namespace dendrite::tools {

struct PredictInputOptions {
  CsvOptions csv;  // no_label unless a label column is named (then it is dropped)
};

struct PredictInputs {
  Tensor x;                        // f32 [N, features]
  Shape sample_shape;              // {H, W, C} of the first file
  std::vector<std::string> names;  // per row: the image file's name, else the row's index (with
                                   // "file:" before it when several files are given)
  bool named_by_file = false;      // every row is a whole image file
};

PredictInputs load_predict_inputs(const std::vector<std::string>& files, const PredictInputOptions& options);

}  // namespace dendrite::tools
