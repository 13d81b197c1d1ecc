// Every argument error of the connectivity and geometry generators: a dendrite::Error whose
// message names the function, the parameter, its value and the limit.
#include <gtest/gtest.h>

#include "framework/model/connectivity.h"
#include "tests/common/expect_error.h"
#include "tests/model/connectivity_test_util.h"

namespace dendrite {
namespace {

using test::expect_error;

const Grid kMnist{28, 28, 1};

TEST(ConnectivityErrors, Random) {
  Rng rng(1);
  expect_error([&] { random_connectivity(0, 4, 1, rng); }, {"random_connectivity", "n_in = 0", ">= 1"});
  expect_error([&] { random_connectivity(4, 0, 1, rng); }, {"n_out = 0"});
  expect_error([&] { random_connectivity(4, 3, 0, rng); }, {"total = 0"});
  expect_error([&] { random_connectivity(4, 3, 13, rng); }, {"total = 13", "12 possible"});
  expect_error([&] { random_connectivity(3000000000, 2, 5, rng); }, {"n_in = 3000000000", "int32"});
  expect_error([&] { random_connectivity(100000, 100000, 3000000000, rng); }, {"total = 3000000000", "int32"});
  expect_error([&] { random_soma_connectivity(0, 4, 1, rng); }, {"random_soma_connectivity", "n_dendrites = 0"});
  expect_error([&] { random_soma_connectivity(8, 0, 1, rng); }, {"somata = 0"});
  expect_error([&] { random_soma_connectivity(8, 2, 17, rng); }, {"total = 17", "16 possible"});
}

TEST(ConnectivityErrors, FixedK) {
  Rng rng(2);
  expect_error([&] { random_fixed_k(784, 10, 0, rng); }, {"random_fixed_k", "k = 0", ">= 1"});
  expect_error([&] { random_fixed_k(784, 10, 785, rng); }, {"k = 785", "n_in = 784"});
  expect_error([&] { random_fixed_k(0, 10, 1, rng); }, {"n_in = 0"});
  expect_error([&] { random_fixed_k(10, 0, 1, rng); }, {"n_out = 0"});
  expect_error([&] { random_fixed_k(3000, 1000000, 3000, rng); }, {"n_out * k", "int32"});
}

TEST(ConnectivityErrors, DenseAndBlock) {
  expect_error([] { all_to_all(0, 3); }, {"all_to_all", "n_in = 0"});
  expect_error([] { all_to_all(3, 0); }, {"n_out = 0"});
  expect_error([] { all_to_all(1 << 20, 1 << 12); }, {"n_in * n_out", "int32"});
  expect_error([] { block_connectivity(0, 3); }, {"block_connectivity", "dendrites_per_soma = 0"});
  expect_error([] { block_connectivity(3, 0); }, {"somata = 0"});
  expect_error([] { block_connectivity(1 << 20, 1 << 12); }, {"dendrites_per_soma * somata", "int32"});
}

TEST(ConnectivityErrors, Lrf) {
  Rng rng(3);
  const Grid small{5, 5, 1};
  expect_error([&] { lrf_connectivity(kMnist, 10, 0, rng); }, {"lrf_connectivity", "k = 0"});
  expect_error([&] { lrf_connectivity(small, 10, 26, rng); }, {"lrf_connectivity", "k = 26", "25 pixels"});
  expect_error([&] { lrf_connectivity(kMnist, 0, 16, rng); }, {"n_dendrites = 0"});
  expect_error([&] { lrf_connectivity(Grid{0, 28, 1}, 10, 16, rng); }, {"height = 0"});
  expect_error([&] { lrf_connectivity(Grid{28, 0, 1}, 10, 16, rng); }, {"width = 0"});
  expect_error([&] { lrf_connectivity(Grid{28, 28, 0}, 10, 16, rng); }, {"channels = 0"});
  expect_error([&] { lrf_connectivity(Grid{28, 28, 3}, 100000000, 16, rng); }, {"connections", "int32"});
  expect_error([&] { rf_connectivity(kMnist, {}, 16, rng); }, {"rf_connectivity", "centres = 0"});
  expect_error([&] { rf_connectivity(kMnist, {3, 900}, 16, rng); }, {"centre pixel 900", "[0, 784)"});
}

TEST(ConnectivityErrors, Grf) {
  Rng rng(4);
  const Grid small{5, 5, 1};
  expect_error([&] { grf_connectivity(kMnist, 0, 16, 16, rng); }, {"grf_connectivity", "somata = 0"});
  expect_error([&] { grf_connectivity(kMnist, 8, 0, 16, rng); }, {"dendrites_per_soma = 0"});
  expect_error([&] { grf_connectivity(kMnist, 8, 16, 0, rng); }, {"k = 0"});
  expect_error([&] { grf_connectivity(small, 8, 26, 4, rng); }, {"dendrites_per_soma = 26", "25 pixels"});
  expect_error([&] { grf_connectivity(small, 8, 4, 30, rng); }, {"k = 30", "25 pixels"});
  expect_error([&] { grf_connectivity(Grid{100, 100, 1}, 1000000, 10000, 1, rng); },
               {"somata * dendrites_per_soma", "int32"});
  expect_error([&] { grf_dendrite_centres(small, 2, 26, rng); }, {"grf_dendrite_centres", "dendrites_per_soma = 26"});
  expect_error([&] { grf_dendrite_centres(small, 0, 2, rng); }, {"somata = 0"});
}

TEST(ConnectivityErrors, Geometry) {
  Rng rng(5);
  expect_error([] { check_grid_size(kMnist, 785); }, {"28x28x1", "784 inputs", "n_in = 785"});
  check_grid_size(Grid{32, 32, 3}, 3072);
  expect_error([] { Grid{100000, 100000, 1}.validate(); }, {"height * width * channels", "int32"});
  expect_error([] { grid_for_somata(0); }, {"grid_for_somata", "somata = 0"});
  expect_error([] { ball(kMnist, 3, 3, -1); }, {"ball", "radius = -1"});
  expect_error([] { ball(kMnist, 28, 3, 1); }, {"ball", "(r = 28, c = 3)", "28x28"});
  expect_error([] { ring(kMnist, 3, -1, 1); }, {"ring", "(r = 3, c = -1)"});
  expect_error([] { ring(kMnist, 3, 3, -2); }, {"ring", "radius = -2"});
  expect_error([&] { rf_pixels(kMnist, 10, 0, rng); }, {"rf_pixels", "k = 0"});
  expect_error([&] { rf_pixels(kMnist, 10, 785, rng); }, {"rf_pixels", "k = 785", "784 pixels"});
  expect_error([&] { rf_pixels(kMnist, -1, 16, rng); }, {"rf_pixels", "centre pixel -1"});
  expect_error([&] { uniform_centres(kMnist, -1, rng); }, {"uniform_centres", "count = -1"});
}

}  // namespace
}  // namespace dendrite
