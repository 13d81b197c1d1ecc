// NumPy .npz archives (numpy.savez, numpy.savez_compressed): a zip file (libzip) whose members
// are .npy files named after the arrays, stored or deflate-compressed. Each array is read by the
// .npy reader (framework/data/npy.h) straight from the decompressed member.
//
//   TrainTest d = load_npz_train_test("mnist.npz", 0);   // x_train, y_train, x_test, y_test (Keras)
//   Dataset all = load_npz_dataset("data.npz", 10);       // x, y
//   std::vector<std::string> names = npz_array_names("data.npz");  // {"x", "y"}
//
// Errors name the archive and the array: a file that is not a zip archive (or a damaged one), a
// missing array (with the arrays the archive holds), an encrypted member or another compression
// method, a member whose declared size its compressed data could not hold, a CRC mismatch, and
// everything the .npy reader and the data set loader refuse.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "framework/data/array_source.h"
#include "framework/data/data_source.h"
#include "framework/data/dataset.h"

namespace dendrite {

// The arrays an archive holds, in archive order ("x_train" for the member "x_train.npy").
std::vector<std::string> npz_array_names(const std::string& path);

// One array of the archive as an ArraySource (its name "archive.npz:x_train"). Error naming the
// array and the archive, with the arrays it holds, when there is no such array.
std::unique_ptr<ArraySource> npz_array(const std::string& path, const std::string& name);

// A data set from two arrays of the archive (by default "x" and "y"), loaded by load_dataset.
Dataset load_npz_dataset(const std::string& path, int num_classes, const std::string& images = "x",
                         const std::string& labels = "y");

// Keras' convention (mnist.npz): x_train, y_train, x_test, y_test. All four must be there (the
// error names each missing one); class count: num_classes, or when it is 0 the training set's
// largest label + 1 (the test labels must fit in it), as for files.
TrainTest load_npz_train_test(const std::string& path, int num_classes);

}  // namespace dendrite
