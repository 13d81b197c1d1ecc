#include "ops/infer_util.h"

#include "framework/core/error.h"

namespace dendrite {

void expect_type(const char* op, const char* input, const TensorType& t, DType dtype, int rank) {
  DENDRITE_CHECK(t.dtype == dtype, "{}: input {} must be {}, got {}", op, input,
                 dtype_name(dtype), type_str(t));
  DENDRITE_CHECK(static_cast<int>(t.shape.size()) == rank, "{}: input {} must be rank {}, got {}",
                 op, input, rank, type_str(t));
}

void expect_concrete(const char* op, const char* input, const TensorType& t) {
  for (std::int64_t d : t.shape)
    DENDRITE_CHECK(d != kBatch, "{}: input {} must have a fixed shape, got {}", op, input,
                   type_str(t));
}

bool dims_agree(std::int64_t a, std::int64_t b) { return a == b || a == kBatch || b == kBatch; }

}  // namespace dendrite
