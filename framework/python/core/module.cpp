// dendrite._core: the compiled half of the Python package `dendrite` (pybind11). It binds the
// public C++ API (framework/api); the pure-Python modules beside it give it its Python shape.
// One file per bound concept: the model and its training (model.cpp), arrays as data sets
// (arrays.cpp), named data sets (data.cpp), errors (errors.cpp).
#include <pybind11/pybind11.h>

#include "dendrite/common.h"
#include "framework/python/core/arrays.h"
#include "framework/python/core/data.h"
#include "framework/python/core/errors.h"
#include "framework/python/core/model.h"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "The compiled core of the dendrite package (dendritic ANNs, Chavlis & Poirazi 2025).";
  m.attr("__version__") = dendrite::api::version();
  dendrite::python::register_errors(m);
  dendrite::python::bind_arrays(m);
  dendrite::python::bind_model(m);
  dendrite::python::bind_data(m);
}
