// Tests of the NumPy .npz reader (framework/data/npz.h) on the archives of tests/data/fixtures/:
// numpy.savez (stored) and numpy.savez_compressed (deflate) archives, and broken ones.
#include "framework/data/npz.h"

#include <gtest/gtest.h>

#include "tests/common/expect_error.h"
#include "tests/data/fixture_files.h"

namespace dendrite {
namespace {

using test::expect_error;
using testing::fixture;

TEST(Npz, KerasConventionStoredAndDeflate) {
  const Dataset x = load_array_dataset(fixture("images_u8.npy"), fixture("labels_uint8.npy"), 0);
  for (const char* archive : {"keras_stored.npz", "keras_deflate.npz"}) {
    SCOPED_TRACE(archive);
    EXPECT_EQ(npz_array_names(fixture(archive)), (std::vector<std::string>{"x_train", "y_train", "x_test", "y_test"}));
    const TrainTest d = load_npz_train_test(fixture(archive), 0);
    EXPECT_TRUE(d.train.images.bitwise_equal(x.images));
    EXPECT_TRUE(d.train.labels.bitwise_equal(x.labels));
    EXPECT_EQ(d.train.sample_shape, (Shape{3, 4, 1}));
    EXPECT_EQ(d.train.num_classes, 3);
    EXPECT_EQ(d.test.num_classes, 3);
    EXPECT_TRUE(d.test.labels.bitwise_equal(Tensor::from_i32({6}, {1, 0, 2, 1, 1, 0})));
    // The test images are the training images in reverse order.
    for (std::int64_t i = 0; i < 6; ++i)
      EXPECT_EQ(std::memcmp(d.test.images.f32() + i * 12, x.images.f32() + (5 - i) * 12, 12 * sizeof(float)), 0);
    EXPECT_EQ(d.train.images_file, fixture(archive) + ":x_train");
  }
}

TEST(Npz, NamedArrays) {
  const Dataset d = load_npz_dataset(fixture("xy.npz"), 0);
  EXPECT_TRUE(d.images.bitwise_equal(
      load_array_dataset(fixture("images_f32.npy"), fixture("labels_int64.npy"), 0).images));
  EXPECT_EQ(d.num_classes, 3);
  const Dataset renamed = load_npz_dataset(fixture("keras_deflate.npz"), 3, "x_test", "y_test");
  EXPECT_EQ(renamed.size(), 6);
  EXPECT_EQ(npz_array(fixture("xy.npz"), "x")->dims(), (std::vector<std::int64_t>{6, 3, 4}));
}

TEST(Npz, MissingArrayNamesItAndTheArchive) {
  expect_error([&] { (void)load_npz_train_test(fixture("bad_missing_y_test.npz"), 0); },
               {"NumPy archive", "bad_missing_y_test.npz", "no array 'y_test'", "it holds: x_train, y_train, x_test"});
  expect_error([&] { (void)load_npz_dataset(fixture("keras_stored.npz"), 0); },
               {"keras_stored.npz", "no array 'x'"});
}

TEST(Npz, RefusesBrokenArchives) {
  expect_error([&] { (void)load_npz_dataset(fixture("bad_not_zip.npz"), 0); },
               {"bad_not_zip.npz", "cannot be read as a zip archive"});
  expect_error([&] { (void)load_npz_dataset(fixture("bad_crc.npz"), 0); },
               {"array 'x' in NumPy archive", "bad_crc.npz", "damaged", "CRC"});
  expect_error([&] { (void)load_npz_dataset(fixture("bad_bzip2.npz"), 0); },
               {"array 'x' in NumPy archive", "zip method 12", "stored (0) or deflate (8)"});
  expect_error([&] { (void)load_npz_dataset(fixture("bad_object_member.npz"), 0); },
               {"array 'x' in NumPy archive", "bad_object_member.npz", "dtype '|O'"});
  expect_error([&] { (void)load_npz_dataset(fixture("no-such.npz"), 0); }, {"no-such.npz", "does not exist"});
  expect_error([&] { (void)load_npz_dataset(fixture("images_u8.npy"), 0); },
               {"images_u8.npy", "cannot be read as a zip archive"});
}

}  // namespace
}  // namespace dendrite
