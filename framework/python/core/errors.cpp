#include "framework/python/core/errors.h"

#include "framework/core/error.h"

namespace dendrite::python {

void register_errors(pybind11::module_& m) {
  (void)m;
  pybind11::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ::dendrite::Error& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
}

}  // namespace dendrite::python
