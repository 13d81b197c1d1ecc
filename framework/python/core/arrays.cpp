#include "framework/python/core/arrays.h"

#include <cmath>
#include <memory>
#include <string>

#include "framework/api/conversions.h"
#include "framework/core/tensor.h"

namespace py = pybind11;

namespace dendrite::python {

namespace {

// Storage owned by a Python object: the deleter drops the reference with the GIL held (it may run
// in a thread that released it, when the last tensor sharing it goes).
std::shared_ptr<std::byte> python_storage(const py::array& a) {
  auto* owner = new py::object(a);
  auto* data = static_cast<std::byte*>(const_cast<void*>(a.data()));
  return std::shared_ptr<std::byte>(data, [owner](std::byte*) {
    py::gil_scoped_acquire gil;
    delete owner;
  });
}

void check_array(const py::array& a, const char* name, char kind, int rank) {
  if (a.ndim() != rank) throw py::value_error(std::string(name) + ": expected " + std::to_string(rank) + " dimensions");
  if (a.dtype().kind() != kind || a.itemsize() != 4 || !(a.flags() & py::array::c_style))
    throw py::value_error(std::string(name) + ": expected a C-contiguous " + (kind == 'f' ? "float32" : "int32") +
                          " array");
}

}  // namespace

api::DataSet borrow_dataset(const py::array& images, const py::array& labels, const std::vector<std::int64_t>& sample_shape,
                            int classes, const std::string& x_name, const std::string& y_name) {
  const char* x = x_name.c_str();
  check_array(images, x, 'f', 2);
  check_array(labels, y_name.c_str(), 'i', 1);
  const std::int64_t n = images.shape(0), features = images.shape(1);
  if (labels.shape(0) != n)
    throw py::value_error(y_name + ": " + std::to_string(labels.shape(0)) + " labels for " + std::to_string(n) +
                          " samples in " + x_name);
  if (sample_shape.size() != 3 || sample_shape[0] * sample_shape[1] * sample_shape[2] != features)
    throw py::value_error(x_name + ": the sample shape does not match the features per sample");
  const auto* y = static_cast<const std::int32_t*>(labels.data());
  for (std::int64_t i = 0; i < n; ++i)
    if (y[i] < 0 || y[i] >= classes)
      throw py::value_error(y_name + ": label " + std::to_string(y[i]) + " of sample " + std::to_string(i) +
                            " is outside the model's " + std::to_string(classes) + " classes");
  // One pass over the values, in place (no temporary array as numpy's isfinite would make).
  const auto* v = static_cast<const float*>(images.data());
  const std::int64_t count = n * features;
  std::int64_t bad = -1;
  {
    py::gil_scoped_release release;
    for (std::int64_t i = 0; i < count && bad < 0; ++i)
      if (!std::isfinite(v[i])) bad = i;
  }
  if (bad >= 0)
    throw py::value_error(x_name + ": value " + std::to_string(v[bad]) + " of sample " + std::to_string(bad / features) +
                          "; samples must be finite");
  Dataset d;
  d.images = Tensor::borrow({n, features}, DType::f32, python_storage(images));
  d.labels = Tensor::borrow({n}, DType::i32, python_storage(labels));
  d.sample_shape = sample_shape;
  d.num_classes = classes;
  d.name = "arrays";
  return api::DataSetAccess::wrap(std::move(d));
}

py::array images_array(const api::DataSet& d) {
  const std::vector<std::int64_t> s = d.sample_shape();
  std::vector<py::ssize_t> shape = {static_cast<py::ssize_t>(d.size()), static_cast<py::ssize_t>(s[0]),
                                    static_cast<py::ssize_t>(s[1])};
  if (s[2] != 1) shape.push_back(static_cast<py::ssize_t>(s[2]));
  auto* keep = new api::DataSet(d);  // the array shares the data set's storage
  py::capsule owner(keep, [](void* p) { delete static_cast<api::DataSet*>(p); });
  return py::array_t<float>(shape, d.images(), owner);
}

py::array labels_array(const api::DataSet& d) {
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(d.size()));
  auto* o = out.mutable_data();
  const std::int32_t* in = d.labels();
  for (std::int64_t i = 0; i < d.size(); ++i) o[i] = in[i];
  return std::move(out);
}

void bind_arrays(py::module_& m) {
  py::class_<api::DataSet>(m, "DataSet", "Labelled samples as the C++ API holds them (shares the arrays it came from).")
      .def(py::init(&borrow_dataset), py::arg("x"), py::arg("y"), py::arg("sample_shape"), py::arg("classes"),
           py::arg("x_name") = "x", py::arg("y_name") = "y",
           "x: float32 [N, features] C-contiguous (used without a copy), y: int32 [N] in [0, classes); "
           "ValueError naming x_name or y_name for non-finite values, labels out of range, other shapes.")
      .def_property_readonly("size", &api::DataSet::size, "Samples.")
      .def_property_readonly("features", &api::DataSet::features, "Values per sample.")
      .def_property_readonly("classes", &api::DataSet::classes, "Class count.")
      .def_property_readonly("sample_shape", &api::DataSet::sample_shape, "(height, width, channels).")
      .def_property_readonly(
          "images_address", [](const api::DataSet& d) { return reinterpret_cast<std::uintptr_t>(d.images()); },
          "The address of the first image value (to tell whether an array was copied).")
      .def("images", &images_array, "The images as float32 [N, H, W] or [N, H, W, C] (no copy).")
      .def("labels", &labels_array, "The labels as int64 [N].");
}

}  // namespace dendrite::python
