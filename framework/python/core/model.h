// dendrite._core.Model and TrainingConfig: the API's Model, trained and evaluated with the GIL
// released. While training, the GIL is taken back only to call the Python epoch callback and, once
// per batch, to let Python handle a signal (PyErr_CheckSignals): a Ctrl-C stops at the next batch,
// the model returns to its last whole epoch and KeyboardInterrupt is raised.
#pragma once

#include <pybind11/pybind11.h>

namespace dendrite::python {

void bind_model(pybind11::module_& m);

}  // namespace dendrite::python
