// dendrite._core: the compiled half of the Python package `dendrite` (pybind11). It binds the
// public C++ API (framework/api); the pure-Python modules beside it give it its Python shape.
#include <pybind11/pybind11.h>

#include "dendrite/common.h"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "The compiled core of the dendrite package (dendritic ANNs, Chavlis & Poirazi 2025).";
  m.attr("__version__") = dendrite::api::version();
}
