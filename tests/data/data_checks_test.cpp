// Tests of the checks before training (framework/data/data_checks.h): too few classes, test
// classes never seen in training, inputs outside [0, 1], shapes that differ.
#include "framework/data/data_checks.h"

#include <gtest/gtest.h>

#include "tests/common/expect_error.h"
#include "tests/data/data_test_util.h"

namespace dendrite {
namespace {

using test::expect_error;

Dataset labelled(const std::vector<std::int32_t>& labels, int num_classes, const std::string& file,
                 float value = 0.5f) {
  Dataset d;
  const auto n = static_cast<std::int64_t>(labels.size());
  d.images = Tensor::from_f32({n, 4}, std::vector<float>(static_cast<std::size_t>(n) * 4, value));
  d.labels = Tensor::from_i32({n}, labels);
  d.sample_shape = {2, 2, 1};
  d.num_classes = num_classes;
  d.name = file;
  d.images_file = file + "-images";
  d.labels_file = file + "-labels";
  return d;
}

TEST(DataChecks, GoodDataGivesNoWarning) {
  EXPECT_TRUE(check_training_data(labelled({0, 1, 2, 1}, 3, "train"), labelled({2, 0}, 3, "test")).empty());
}

TEST(DataChecks, FewerThanTwoTrainingClassesIsAnError) {
  // The case of a labels file holding only 200: 201 classes, one of them present.
  expect_error([] { check_training_data(labelled({200, 200, 200}, 201, "train"), labelled({200}, 201, "test")); },
               {"labels file 'train-labels'", "every training label is 200", "at least two classes"});
  expect_error([] { check_training_data(labelled({}, 10, "train"), labelled({1}, 10, "test")); },
               {"'train-labels' holds no training samples"});
}

TEST(DataChecks, LabelsOutsideTheClassCountAreErrors) {
  expect_error([] { check_training_data(labelled({0, 1, 5}, 3, "train"), labelled({0}, 3, "test")); },
               {"labels file 'train-labels'", "label at index 2 is 5", "[0, 3)"});
  expect_error([] { check_training_data(labelled({0, 1}, 3, "train"), labelled({0, -1}, 3, "test")); },
               {"labels file 'test-labels'", "label at index 1 is -1"});
}

TEST(DataChecks, TestClassesAbsentFromTrainingAreAWarning) {
  const auto w = check_training_data(labelled({0, 1, 0}, 5, "train"), labelled({3, 1, 3, 4, 3}, 5, "test"));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].find("test labels in 'test-labels' include 2 classes absent from the training labels in "
                      "'train-labels': 3 (3 samples), 4 (1 sample)"),
            std::string::npos)
      << w[0];
}

TEST(DataChecks, ValuesOutsideZeroOneAreAWarningThatSuggestsNormalizing) {
  const auto w = check_training_data(labelled({0, 1}, 2, "train", 255.0f), labelled({0}, 2, "test", -0.5f));
  ASSERT_EQ(w.size(), 2u);
  EXPECT_NE(w[0].find("training images in 'train-images' range from 255 to 255, outside [0, 1]"), std::string::npos)
      << w[0];
  EXPECT_NE(w[0].find("--normalize"), std::string::npos) << w[0];
  EXPECT_NE(w[1].find("test images in 'test-images' range from -0.5 to -0.5"), std::string::npos) << w[1];
  EXPECT_TRUE(check_training_data(labelled({0, 1}, 2, "train", 1.0f), labelled({0}, 2, "test", 0.0f)).empty());
  // With --normalize the model standardises the values itself: no advice to do so.
  EXPECT_TRUE(check_training_data(labelled({0, 1}, 2, "train", 255.0f), labelled({0}, 2, "test", -0.5f),
                                  /*normalized=*/true)
                  .empty());
}

TEST(DataChecks, SampleShapesMustAgree) {
  expect_error([] { check_same_sample_shape({28, 28, 1}, "a.idx", {32, 32, 3}, "b.idx"); },
               {"differ in shape", "'a.idx' holds samples of 28x28x1", "'b.idx' of 32x32x3"});
  Dataset test = labelled({0}, 2, "test");
  test.sample_shape = {4, 1, 1};
  expect_error([&] { check_training_data(labelled({0, 1}, 2, "train"), test); },
               {"'train-images' holds samples of 2x2x1", "'test-images' of 4x1x1"});
}

}  // namespace
}  // namespace dendrite
