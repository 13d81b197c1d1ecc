// dendrite._core.load_dataset: a named data set (MNIST, Fashion-MNIST, ...) as NumPy arrays.
#pragma once

#include <pybind11/pybind11.h>

namespace dendrite::python {

void bind_data(pybind11::module_& m);

}  // namespace dendrite::python
