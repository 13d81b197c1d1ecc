#include "ops/onednn/context.h"

#include <fmt/format.h>

#include "framework/core/error.h"
#include "ops/onednn/dnnl_context.h"

namespace dendrite::onednn {

std::string version() {
  const dnnl_version_t* v = dnnl_version();
  return fmt::format("{}.{}.{}", v->major, v->minor, v->patch);
}

dnnl::engine& cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& cpu_stream() {
  static dnnl::stream stream(cpu_engine());
  return stream;
}

dnnl::primitive_attr default_attr() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

dnnl::memory::desc plain_md(std::initializer_list<std::int64_t> dims) {
  using tag = dnnl::memory::format_tag;
  DENDRITE_ASSERT(dims.size() == 1 || dims.size() == 2, "plain_md: rank {} not supported",
                  dims.size());
  return dnnl::memory::desc(dnnl::memory::dims(dims), dnnl::memory::data_type::f32,
                            dims.size() == 1 ? tag::x : tag::ab);
}

BoundPrimitive::BoundPrimitive(const dnnl::primitive_desc& pd,
                               std::initializer_list<std::pair<int, dnnl::memory::desc>> args)
    : primitive_(pd) {
  // Memories created with DNNL_MEMORY_NONE own no buffer; bind() supplies one per call.
  for (const auto& [arg, md] : args) {
    memories_.push_back(dnnl::memory(md, cpu_engine(), static_cast<void*>(DNNL_MEMORY_NONE)));
    c_args_.push_back({arg, memories_.back().get()});
  }
  const dnnl::memory::desc scratch_md = pd.scratchpad_desc();
  if (scratch_md.get_size() > 0) {
    memories_.emplace_back(scratch_md, cpu_engine());  // allocated by oneDNN, once
    c_args_.push_back({DNNL_ARG_SCRATCHPAD, memories_.back().get()});
  }
}

void BoundPrimitive::bind(int arg, const void* data) {
  for (std::size_t i = 0; i < c_args_.size(); ++i) {
    if (c_args_[i].arg == arg) {
      // oneDNN takes a non-const handle for inputs as well; it does not write to them.
      memories_[i].set_data_handle(const_cast<void*>(data));
      return;
    }
  }
  DENDRITE_ASSERT(false, "BoundPrimitive::bind: argument {} was not declared", arg);
}

void BoundPrimitive::execute() {
  const dnnl_status_t status =
      dnnl_primitive_execute(primitive_.get(), cpu_stream().get(),
                             static_cast<int>(c_args_.size()), c_args_.data());
  DENDRITE_ASSERT(status == dnnl_success, "oneDNN primitive execution failed (status {})",
                  static_cast<int>(status));
  cpu_stream().wait();
}

void throw_dnnl_error(const std::string& what, const dnnl::error& e) {
  throw Error(fmt::format("{}: oneDNN error: {}", what, e.what()));
}

}  // namespace dendrite::onednn
