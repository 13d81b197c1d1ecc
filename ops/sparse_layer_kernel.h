// SparseLayerKernel: what the optimized kernels of the sparse layer ops (dendritic, somatic) share
// for the executor's fusion and layout handoff (framework/graph/executor.h): they take a following
// relu / leaky_relu as a post-op and accept input 0 and output 0 batch-innermost, both held by the
// cpu::CsrLayer that runs them.
//
//   class DendriticCpu : public SparseLayerKernel { ... layer_.forward(...) ... };
#pragma once

#include "ops/cpu/csr_layer.h"
#include "ops/cpu/rectifier.h"
#include "ops/op.h"

namespace dendrite {

class SparseLayerKernel : public OpKernel {
 public:
  bool fuse_activation(const Activation& a) override {
    cpu::Rectifier post;
    if (!cpu::rectifier_for(a, post)) return false;
    layer_.set_post(post);
    return true;
  }
  bool supports_batch_inner(Port) const override { return true; }
  void set_batch_inner(Port port) override {
    batch_inner_input_ = batch_inner_input_ || port == Port::input0;
    batch_inner_output_ = batch_inner_output_ || port == Port::output0;
    layer_.set_batch_inner(batch_inner_input_, batch_inner_output_);
  }

 protected:
  bool any_batch_inner() const { return batch_inner_input_ || batch_inner_output_; }

  cpu::CsrLayer layer_;  // its post() is the fused activation (off: none)

 private:
  bool batch_inner_input_ = false, batch_inner_output_ = false;
};

}  // namespace dendrite
