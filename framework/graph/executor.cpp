#include "framework/graph/executor.h"

#include <algorithm>
#include <chrono>

#include "framework/core/error.h"

namespace dendrite {

struct Executor::Plan {
  std::vector<Tensor> values;      // per value: buffers of intermediates (inputs/params not owned)
  std::vector<Tensor*> value_ptr;  // per value: where its tensor lives for this plan
  std::vector<Tensor> grads;       // per value needing a gradient (params use param_grads_)
  std::vector<Tensor*> grad_ptr;
  std::vector<Tensor> scratch;     // per value with several gradient contributions
  std::vector<KernelArgs> args;    // per node
  // Per node and input slot: where backward writes; the scratch when the slot is not the first
  // contribution to that value (then `accumulate` says to add the scratch into the gradient).
  std::vector<std::vector<bool>> accumulate;
};

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
}  // namespace

Executor::Executor(Graph& graph, ExecutorOptions options)
    : graph_(graph), options_(std::move(options)) {
  analyze();
  reset_kernel_times();
}

Executor::~Executor() = default;

// The passes run once, in this order (executor_passes.cpp); each reads what the ones before it set.
void Executor::analyze() {
  std::vector<ValueId> wanted = options_.outputs;
  if (options_.loss != kNoValue) wanted.push_back(options_.loss);
  DENDRITE_CHECK(!wanted.empty(), "executor: no outputs requested");
  const std::size_t n_values = graph_.values().size();
  order_nodes(needed_nodes(wanted));
  find_used_inputs();
  make_kernels();
  if (options_.fuse_layers && options_.backend == Backend::optimized) fuse_layers(wanted);
  if (options_.fuse) fuse_activations(wanted);
  batch_inner_.assign(n_values, false);
  if (options_.hand_off_layouts) hand_off_layouts(wanted);
  needs_grad_.assign(n_values, false);
  bound_inputs_.resize(n_values);
  param_grads_.resize(n_values);
  if (options_.loss == kNoValue) return;
  mark_gradients();
  order_backward();
}

std::unique_ptr<Executor::Plan> Executor::build_plan(std::int64_t batch) {
  const auto& nodes = graph_.nodes();
  const std::size_t n_values = graph_.values().size();
  auto plan = std::make_unique<Plan>();
  plan->values.resize(n_values);
  plan->value_ptr.assign(n_values, nullptr);
  plan->grads.resize(n_values);
  plan->grad_ptr.assign(n_values, nullptr);
  plan->scratch.resize(n_values);
  plan->args.resize(nodes.size());
  plan->accumulate.resize(nodes.size());

  // Concrete types: inputs with the batch bound, then shape inference along the order.
  std::vector<TensorType> types(n_values);
  for (std::size_t v = 0; v < n_values; ++v) {
    Value& val = graph_.value(static_cast<ValueId>(v));
    types[v] = val.type;
    if (!types[v].shape.empty() && types[v].shape[0] == kBatch) types[v].shape[0] = batch;
    if (val.kind == ValueKind::parameter || val.kind == ValueKind::constant) plan->value_ptr[v] = &val.data;
    if (val.kind == ValueKind::input) plan->value_ptr[v] = &bound_inputs_[v];
    if (val.kind == ValueKind::parameter) plan->grad_ptr[v] = &param_grads_[v];
  }
  for (int n : order_) {
    const Step& step = steps_[static_cast<std::size_t>(n)];
    std::vector<TensorType> in;
    for (ValueId id : step.inputs) in.push_back(types[static_cast<std::size_t>(id)]);
    std::vector<TensorType> out;
    try {
      out = step.def->infer(in, step.attrs);
    } catch (const Error& e) {
      throw Error(fmt::format("node '{}' ({}): {}", nodes[static_cast<std::size_t>(n)].name, step.def->name, e.what()));
    }
    // A fused node writes its activation's output, which has the same type (elementwise); a fused
    // layer writes its soma activation's output.
    for (std::size_t i = 0; i < out.size(); ++i) {
      auto v = static_cast<std::size_t>(step.outputs[i]);
      types[v] = out[i];
      plan->values[v] = Tensor(out[i].shape, out[i].dtype);
      plan->value_ptr[v] = &plan->values[v];
    }
  }

  // Gradient buffers, and which backward writes go to a scratch buffer to be accumulated.
  std::vector<int> contributions(n_values, 0);
  for (int n : backward_order_) {
    const Step& step = steps_[static_cast<std::size_t>(n)];
    for (std::size_t i = 0; i < step.inputs.size(); ++i) {
      auto v = static_cast<std::size_t>(step.inputs[i]);
      if (!step.def->differentiable[i] || !needs_grad_[v]) continue;
      if (++contributions[v] == 2) plan->scratch[v] = Tensor(types[v].shape, DType::f32);
    }
  }
  for (std::size_t v = 0; v < n_values; ++v) {
    if (!needs_grad_[v] || plan->grad_ptr[v] != nullptr) continue;
    plan->grads[v] = Tensor(types[v].shape, DType::f32);
    plan->grad_ptr[v] = &plan->grads[v];
  }

  std::vector<int> seen(n_values, 0);
  for (int n : order_) {
    const Step& step = steps_[static_cast<std::size_t>(n)];
    KernelArgs& a = plan->args[static_cast<std::size_t>(n)];
    for (ValueId id : step.inputs) a.inputs.push_back(plan->value_ptr[static_cast<std::size_t>(id)]);
    for (ValueId id : step.outputs) a.outputs.push_back(plan->value_ptr[static_cast<std::size_t>(id)]);
    for (ValueId id : step.outputs) a.d_outputs.push_back(plan->grad_ptr[static_cast<std::size_t>(id)]);
    a.d_inputs.assign(step.inputs.size(), nullptr);
    plan->accumulate[static_cast<std::size_t>(n)].assign(step.inputs.size(), false);
  }
  for (int n : backward_order_) {
    const Step& step = steps_[static_cast<std::size_t>(n)];
    KernelArgs& a = plan->args[static_cast<std::size_t>(n)];
    for (std::size_t i = 0; i < step.inputs.size(); ++i) {
      auto v = static_cast<std::size_t>(step.inputs[i]);
      if (!step.def->differentiable[i] || !needs_grad_[v]) continue;
      const bool first = seen[v]++ == 0;
      a.d_inputs[i] = first ? plan->grad_ptr[v] : &plan->scratch[v];
      plan->accumulate[static_cast<std::size_t>(n)][i] = !first;
    }
  }
  return plan;
}

Executor::Plan& Executor::plan_for(std::int64_t batch) {
  auto it = plans_.find(batch);
  if (it == plans_.end()) it = plans_.emplace(batch, build_plan(batch)).first;
  return *it->second;
}

void Executor::set_input(ValueId id, const Tensor& t) {
  const Value& v = graph_.value(id);
  DENDRITE_CHECK(v.kind == ValueKind::input, "executor: '{}' is a {}, not an input", v.name,
                 value_kind_name(v.kind));
  DENDRITE_CHECK(t.dtype() == v.type.dtype && t.rank() == static_cast<int>(v.type.shape.size()),
                 "executor: input '{}' expects {}, got {}{}", v.name, type_str(v.type),
                 dtype_name(t.dtype()), shape_str(t.shape()));
  for (int d = 0; d < t.rank(); ++d) {
    const std::int64_t want = v.type.shape[static_cast<std::size_t>(d)];
    DENDRITE_CHECK(want == kBatch || want == t.shape()[static_cast<std::size_t>(d)],
                   "executor: input '{}' expects {}, got {}", v.name, type_str(v.type), shape_str(t.shape()));
  }
  bound_inputs_[static_cast<std::size_t>(id)] = t;
}

void Executor::forward(bool training, std::uint64_t seed) {
  // Every input the nodes read must be bound, and the batched ones must agree on the batch size.
  std::int64_t batch = -1;
  ValueId first = kNoValue;
  for (ValueId in : used_inputs_) {
    const Value& v = graph_.value(in);
    const Tensor& t = bound_inputs_[static_cast<std::size_t>(in)];
    DENDRITE_CHECK(t.defined(), "executor: input '{}' was not set", v.name);
    if (v.type.shape.empty() || v.type.shape[0] != kBatch) continue;
    DENDRITE_CHECK(t.shape()[0] > 0, "executor: input '{}' has an empty batch", v.name);
    if (first == kNoValue) {
      first = in;
      batch = t.shape()[0];
    }
    DENDRITE_CHECK(t.shape()[0] == batch, "executor: input '{}' has batch size {} but '{}' has {}",
                   v.name, t.shape()[0], graph_.value(first).name, batch);
  }
  DENDRITE_CHECK(batch > 0, "executor: the graph has no batched input");
  current_ = &plan_for(batch);
  const auto& nodes = graph_.nodes();
  for (int n : order_) {
    KernelArgs& a = current_->args[static_cast<std::size_t>(n)];
    a.training = training;
    a.seed = seed * 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(n);
    try {
      const Clock::time_point t0 = options_.time_kernels ? Clock::now() : Clock::time_point{};
      kernels_[static_cast<std::size_t>(n)]->forward(a);
      if (options_.time_kernels) times_[static_cast<std::size_t>(n)].forward += seconds_since(t0);
    } catch (const InternalError&) {
      throw;
    } catch (const Error& e) {
      throw Error(fmt::format("node '{}' ({}): {}", nodes[static_cast<std::size_t>(n)].name, kernel_name(n), e.what()));
    }
  }
}

void Executor::backward() {
  DENDRITE_CHECK(options_.loss != kNoValue, "executor: backward() needs a loss");
  DENDRITE_CHECK(current_ != nullptr, "executor: backward() before forward()");
  Plan& plan = *current_;
  plan.grad_ptr[static_cast<std::size_t>(options_.loss)]->fill(1.0f);
  const auto& nodes = graph_.nodes();
  for (int n : backward_order_) {
    const Node& node = nodes[static_cast<std::size_t>(n)];
    const Step& step = steps_[static_cast<std::size_t>(n)];
    KernelArgs& a = plan.args[static_cast<std::size_t>(n)];
    try {
      const Clock::time_point t0 = options_.time_kernels ? Clock::now() : Clock::time_point{};
      kernels_[static_cast<std::size_t>(n)]->backward(a);
      if (options_.time_kernels) times_[static_cast<std::size_t>(n)].backward += seconds_since(t0);
    } catch (const InternalError&) {
      throw;
    } catch (const Error& e) {
      throw Error(fmt::format("node '{}' ({}) backward: {}", node.name, step.def->name, e.what()));
    }
    for (std::size_t i = 0; i < step.inputs.size(); ++i) {
      Tensor* d = a.d_inputs[i];
      if (d == nullptr) continue;
      auto v = static_cast<std::size_t>(step.inputs[i]);
      const Tensor& fwd = *plan.value_ptr[v];
      DENDRITE_ASSERT(d->shape() == fwd.shape(),
                      "node '{}' ({}) produced a gradient of shape {} for input {} '{}' of shape {}",
                      node.name, step.def->name, shape_str(d->shape()), i, graph_.value(step.inputs[i]).name,
                      shape_str(fwd.shape()));
      if (plan.accumulate[static_cast<std::size_t>(n)][i]) {
        float* g = plan.grad_ptr[v]->f32();
        const float* s = d->f32();
        const std::int64_t count = d->numel();
        for (std::int64_t k = 0; k < count; ++k) g[k] += s[k];
      }
    }
  }
}

const Tensor& Executor::value(ValueId id) const {
  DENDRITE_CHECK(current_ != nullptr, "executor: value() before forward()");
  const Tensor* t = current_->value_ptr.at(static_cast<std::size_t>(id));
  DENDRITE_CHECK(t != nullptr, "executor: value '{}' is not computed by this executor", graph_.value(id).name);
  DENDRITE_CHECK(!batch_inner_[static_cast<std::size_t>(id)],
                 "executor: value '{}' is handed between two kernels batch-innermost; request it as an "
                 "output to read it", graph_.value(id).name);
  return *t;
}

const Tensor& Executor::grad(ValueId param) const {
  DENDRITE_CHECK(current_ != nullptr, "executor: grad() before backward()");
  const Tensor* t = current_->grad_ptr.at(static_cast<std::size_t>(param));
  DENDRITE_CHECK(t != nullptr, "executor: '{}' has no gradient", graph_.value(param).name);
  return *t;
}

Executor::KernelTime Executor::kernel_time(int n) const {
  const auto i = static_cast<std::size_t>(n);
  KernelTime t = times_.at(i);
  if (options_.time_kernels && kernels_.at(i)) t.wait = kernels_[i]->wait_seconds() - wait_base_[i];
  return t;
}

void Executor::reset_kernel_times() {
  times_.assign(kernels_.size(), KernelTime{});
  wait_base_.assign(kernels_.size(), 0.0);
  for (std::size_t i = 0; i < kernels_.size(); ++i)
    if (kernels_[i]) wait_base_[i] = kernels_[i]->wait_seconds();
}

std::vector<const Tensor*> Executor::parameter_grads() const {
  std::vector<const Tensor*> out;
  for (ValueId p : graph_.parameters()) out.push_back(&param_grads_[static_cast<std::size_t>(p)]);
  return out;
}

}  // namespace dendrite
