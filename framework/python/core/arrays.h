// NumPy arrays as the API's DataSet and back. A C-contiguous float32 images array becomes the
// data set's storage as it is (no copy; the data set keeps the array alive); the Python layer
// (dendrite/_arrays.py) checks and converts anything else once before it gets here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/pybind11.h>

#include "dendrite/data.h"

namespace dendrite::python {

using FloatArray = pybind11::array_t<float, pybind11::array::c_style>;
using LabelArray = pybind11::array_t<std::int32_t, pybind11::array::c_style>;

// images: [N, features] row-major, float32, C-contiguous (checked, ValueError otherwise);
// labels: [N] int32 in [0, classes); sample_shape {H, W, C} with H * W * C == features.
// Non-finite values and labels outside the classes raise ValueError naming x_name / y_name.
api::DataSet borrow_dataset(const pybind11::array& images, const pybind11::array& labels,
                            const std::vector<std::int64_t>& sample_shape, int classes,
                            const std::string& x_name = "x", const std::string& y_name = "y");

// A data set's images as [N, H, W] (one channel) or [N, H, W, C] float32 sharing its storage,
// and its labels as int64 [N].
pybind11::array images_array(const api::DataSet& d);
pybind11::array labels_array(const api::DataSet& d);

void bind_arrays(pybind11::module_& m);

}  // namespace dendrite::python
