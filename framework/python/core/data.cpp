#include "framework/python/core/data.h"

#include "dendrite/data.h"
#include "framework/data/catalog.h"
#include "framework/python/core/arrays.h"
#include "framework/python/core/errors.h"

namespace py = pybind11;

namespace dendrite::python {

void bind_data(py::module_& m) {
  m.def(
      "load_dataset",
      [](const std::string& name, const std::string& folder) {
        find_dataset(name);  // an unknown name is a ValueError listing the names, not a file error
        const api::DataSplit s = with_file_errors([&] {
          py::gil_scoped_release release;  // taken back before the error is set
          return api::load_dataset(name, folder);
        });
        return py::make_tuple(py::make_tuple(images_array(s.train), labels_array(s.train)),
                              py::make_tuple(images_array(s.test), labels_array(s.test)));
      },
      py::arg("name"), py::arg("folder"),
      "((x_train, y_train), (x_test, y_test)) of a named data set; folder '' means $DENDRITE_DATA_DIR.");
}

}  // namespace dendrite::python
