// PRIVATE to ops/onednn: the only header that includes dnnl.hpp. Public headers of this folder
// hide oneDNN behind pimpl classes; their .cpp files use the helpers below.
//
// BoundPrimitive follows the way oneDNN primitives are meant to be reused: a primitive
// is created once per shape together with its argument memories and a user-mode scratchpad;
// each call only points the memories at the caller's buffers (set_data_handle) and executes
// through the C API with a cached argument array, so a steady-state call allocates nothing.
#pragma once

#include <dnnl.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace dendrite::onednn {

dnnl::engine& cpu_engine();
dnnl::stream& cpu_stream();

// Attributes every primitive of ours uses (user-managed scratchpad).
dnnl::primitive_attr default_attr();

// f32 memory descriptor with a plain layout: dims {a} -> x, {a, b} -> ab.
dnnl::memory::desc plain_md(std::initializer_list<std::int64_t> dims);

class BoundPrimitive {
 public:
  BoundPrimitive() = default;
  // args: the execution argument ids (DNNL_ARG_SRC, ...) with their memory descriptors. The
  // primitive's scratchpad is allocated here, once.
  BoundPrimitive(const dnnl::primitive_desc& pd,
                 std::initializer_list<std::pair<int, dnnl::memory::desc>> args);

  bool empty() const { return !primitive_; }
  // Points argument `arg` at `data` (not copied; must stay valid until execute() returns).
  void bind(int arg, const void* data);
  // Runs the primitive on the shared stream and waits for it.
  void execute();

 private:
  dnnl::primitive primitive_;
  std::vector<dnnl::memory> memories_;    // one per argument, plus the scratchpad
  std::vector<dnnl_exec_arg_t> c_args_;   // parallel to memories_
};

[[noreturn]] void throw_dnnl_error(const std::string& what, const dnnl::error& e);

// Runs `make` and turns a dnnl::error into dendrite::Error prefixed by `what`.
template <class F>
auto wrap_dnnl(const std::string& what, F&& make) -> decltype(make()) {
  try {
    return make();
  } catch (const dnnl::error& e) {
    throw_dnnl_error(what, e);
  }
}

}  // namespace dendrite::onednn
