// Longer real-MNIST runs through the tool (label slow, about 10 s): the numbers this project
// reached, kept as floors so a regression in training shows. Neither floor is a paper target:
//  - dense 784-128-10 ReLU, 5 epochs, seed 1: 97.38% (issue 2 asked for 97.5%, not reached; seeds
//    2 and 3 give 97.33% and 97.15%), floor 97.0%;
//  - the README's main job, dANN-GRF D=16, S=256, 15 epochs, seed 1: 98.06%, floor 97.7%.
#include <gtest/gtest.h>

#include "tests/tools/mnist_runs.h"

namespace dendrite {
namespace {

TEST(ReferenceRuns, DenseMlpOnMnist) {
  ASSERT_TRUE(test::mnist_installed());
  const nlohmann::json s = test::train_on_mnist(
      "--model mlp --hidden 128 --activation relu --optimizer adam --lr 1e-3 --batch 128 --epochs 5 --seed 1");
  EXPECT_EQ(s.value("params", 0), 101770);
  EXPECT_GE(s.value("test_accuracy", 0.0), 0.970);
}

TEST(ReferenceRuns, MainJobDannGrf) {
  ASSERT_TRUE(test::mnist_installed());
  const nlohmann::json s = test::train_on_mnist("--model dann-grf --dendrites 16 --somata 256 --synapses 16 --epochs 15 --seed 1");
  EXPECT_EQ(s.value("params", 0), 76554);
  EXPECT_GE(s.value("test_accuracy", 0.0), 0.977);
}

}  // namespace
}  // namespace dendrite
