#include <gtest/gtest.h>

#include <cstdint>
#include <utility>

#include "framework/core/attrs.h"
#include "framework/core/error.h"
#include "framework/core/rng.h"
#include "framework/core/tensor.h"
#include "tests/common/expect_error.h"

namespace dendrite {
namespace {

TEST(Tensor, ZeroFilledAlignedAndShared) {
  Tensor t({3, 5});
  EXPECT_EQ(t.numel(), 15);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(t.raw()) % kTensorAlignment, 0u);
  for (int i = 0; i < 15; ++i) EXPECT_EQ(t.f32()[i], 0.0f);
  Tensor view = t;
  view.f32()[2] = 4;
  EXPECT_EQ(t.f32()[2], 4.0f);
  Tensor copy = t.clone();
  copy.f32()[2] = 1;
  EXPECT_EQ(t.f32()[2], 4.0f);
  EXPECT_FALSE(Tensor().defined());
  EXPECT_TRUE(Tensor(Shape{}).defined());
  EXPECT_EQ(Tensor(Shape{}).numel(), 1);
}

TEST(Tensor, MovedFromIsUndefinedAndLeadingRowsShare) {
  Tensor a({4, 3});
  a.f32()[3] = 5.0f;
  const void* storage = a.raw();
  Tensor b = std::move(a);
  EXPECT_FALSE(a.defined());  // NOLINT(bugprone-use-after-move): the state after a move is defined
  EXPECT_EQ(a.numel(), 0);
  EXPECT_EQ(b.raw(), storage);
  EXPECT_TRUE(b.sole_owner());
  const Tensor head = b.leading_rows(2);
  EXPECT_EQ(head.shape(), (Shape{2, 3}));
  EXPECT_EQ(head.raw(), storage);
  EXPECT_EQ(head.f32()[3], 5.0f);
  EXPECT_FALSE(b.sole_owner());
  EXPECT_THROW(b.leading_rows(5), Error);
  EXPECT_THROW(Tensor().leading_rows(0), Error);
  Tensor c;
  c = std::move(b);
  EXPECT_FALSE(b.defined());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(c.shape(), (Shape{4, 3}));
}

TEST(Tensor, ChecksShapesAndTypes) {
  EXPECT_THROW(Tensor({-2, 3}), Error);
  EXPECT_THROW(shape_numel({1LL << 40, 1LL << 40}), Error);
  EXPECT_THROW(Tensor::from_f32({2, 2}, {1, 2, 3}), Error);
  Tensor i({2}, DType::i32);
  EXPECT_THROW(i.f32(), InternalError);
  EXPECT_THROW(Tensor({6}).reshaped({4}), Error);
  EXPECT_EQ(Tensor({6}).reshaped({2, 3}).dim(-1), 3);
  EXPECT_EQ(shape_str({kBatch, 784}), "[N, 784]");
}

TEST(Attrs, TypedGettersNameTheAttribute) {
  Attrs a{{"alpha", 0.5}, {"kind", std::string("relu")}, {"n", std::int64_t{3}}};
  EXPECT_EQ(a.get_float("alpha"), 0.5);
  EXPECT_EQ(a.get_float("n"), 3.0);
  EXPECT_EQ(a.get_int("missing", 7), 7);
  test::expect_error([&] { a.get_int("kind"); }, {"kind"});
  EXPECT_THROW(a.get_string("nope"), Error);
}

TEST(Rng, DeterministicAndUniform) {
  Rng a(42), b(42), c(43);
  EXPECT_EQ(a.next_u64(), b.next_u64());
  EXPECT_NE(a.next_u64(), c.next_u64());
  Rng r(1);
  int counts[10] = {};
  double sum = 0, sq = 0;
  for (int i = 0; i < 100000; ++i) {
    counts[r.below(10)]++;
    const double z = r.normal();
    sum += z;
    sq += z * z;
  }
  for (int k : counts) EXPECT_NEAR(k, 10000, 500);
  EXPECT_NEAR(sum / 100000, 0.0, 0.02);
  EXPECT_NEAR(sq / 100000, 1.0, 0.03);
  Rng s(9);
  auto state = s.state();
  const auto next = s.next_u64();
  Rng t;
  t.set_state(state);
  EXPECT_EQ(t.next_u64(), next);
}

}  // namespace
}  // namespace dendrite
