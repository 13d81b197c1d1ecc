// --impl masked against --impl sparse: the same model built both ways has the same parameters
// (names, shapes, values), and a few Adam steps on the same batches give the same losses and
// weights up to float rounding.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "framework/core/error.h"
#include "framework/graph/executor.h"
#include "framework/model/model.h"
#include "framework/model/variants.h"
#include "framework/optim/optimizer.h"
#include "tests/common/relative_error.h"
#include "tests/common/small_model.h"
#include "tests/common/synthetic_data.h"
#include "tests/common/small_training.h"

namespace dendrite {
namespace {

using test::max_relative_error;
using test::small_spec;
using testing_data::ops_of;
using testing_data::train_steps;

class MaskedEquivalence : public ::testing::TestWithParam<std::string> {};

TEST_P(MaskedEquivalence, SameParametersAndTrainingSteps) {
  const ModelSpec spec = small_spec(GetParam());
  Model sparse = build_model(spec);
  Model masked = build_model(spec, {SparseImpl::masked});

  // The masked model runs the masked ops, and nothing else differs.
  const std::vector<std::string> sparse_ops = ops_of(sparse), masked_ops = ops_of(masked);
  ASSERT_EQ(sparse_ops.size(), masked_ops.size());
  int replaced = 0;
  for (std::size_t i = 0; i < sparse_ops.size(); ++i) {
    if (sparse_ops[i] == "dendritic" || sparse_ops[i] == "somatic") {
      EXPECT_EQ(masked_ops[i], "masked_" + sparse_ops[i]);
      ++replaced;
    } else {
      EXPECT_EQ(masked_ops[i], sparse_ops[i]);
    }
  }
  EXPECT_GE(replaced, 2);
  // Same parameters and constants (the saved format): names, shapes and values.
  ASSERT_EQ(sparse.graph.values().size(), masked.graph.values().size());
  for (std::size_t i = 0; i < sparse.graph.values().size(); ++i) {
    const Value& a = sparse.graph.values()[i];
    const Value& b = masked.graph.values()[i];
    EXPECT_EQ(a.name, b.name);
    if (a.kind == ValueKind::parameter || a.kind == ValueKind::constant) {
      EXPECT_TRUE(a.data.bitwise_equal(b.data)) << a.name;
    }
  }
  EXPECT_EQ(sparse.parameter_count(), masked.parameter_count());

  const Dataset data = testing_data::quadrant_blobs(96, 5);
  const std::vector<float> l_sparse = train_steps(sparse, data, 6);
  const std::vector<float> l_masked = train_steps(masked, data, 6);
  for (std::size_t s = 0; s < l_sparse.size(); ++s) EXPECT_NEAR(l_masked[s], l_sparse[s], 1e-5 * std::max(1.0f, l_sparse[s])) << "step " << s;
  EXPECT_LT(l_sparse.back(), l_sparse.front());  // the steps did train
  for (ValueId p : sparse.graph.parameters()) {
    const Value& a = sparse.graph.value(p);
    const Value& b = masked.graph.value(masked.graph.find(a.name));
    EXPECT_LT(max_relative_error(b.data, a.data), 1e-4) << a.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, MaskedEquivalence, ::testing::Values("dann-r", "dann-lrf", "dann-grf", "sann"),
                         [](const auto& param_info) {
                           std::string n = param_info.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

TEST(SparseImplNames, RoundTripAndRejectUnknown) {
  EXPECT_EQ(parse_sparse_impl(sparse_impl_name(SparseImpl::masked)), SparseImpl::masked);
  EXPECT_EQ(parse_sparse_impl(sparse_impl_name(SparseImpl::sparse)), SparseImpl::sparse);
  EXPECT_THROW(parse_sparse_impl("dense"), Error);
}

}  // namespace
}  // namespace dendrite
