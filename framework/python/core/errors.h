// How C++ errors reach Python: dendrite's user errors (bad values, names, shapes) become
// ValueError; errors of a call that reads or writes a file become OSError naming it. Nothing
// thrown by the library crashes the interpreter.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include <pybind11/pybind11.h>

namespace dendrite::python {

// Registers the translation of dendrite::Error (ValueError) on the module.
void register_errors(pybind11::module_& m);

// Runs f(); a std::runtime_error from it (a missing, damaged or unwritable file) becomes OSError
// with the library's message, which names the file.
template <class F>
auto with_file_errors(F&& f) -> decltype(f()) {
  try {
    return std::forward<F>(f)();
  } catch (const pybind11::error_already_set&) {
    throw;
  } catch (const std::runtime_error& e) {
    PyErr_SetString(PyExc_OSError, e.what());
    throw pybind11::error_already_set();
  }
}

}  // namespace dendrite::python
