// The same samples stored as IDX, NumPy .npy (uint8 and float32), .npz (stored and deflate) and
// CSV (tests/data/fixtures/make_fixtures.py) load to bitwise-identical tensors, and the data
// source of four files takes .npy files next to IDX ones.
#include <gtest/gtest.h>

#include "framework/data/csv_table.h"
#include "framework/data/data_source.h"
#include "framework/data/dataset.h"
#include "framework/data/npz.h"
#include "tests/common/expect_error.h"
#include "tests/data/fixture_files.h"

namespace dendrite {
namespace {

using test::expect_error;
using testing::fixture;

TEST(ArrayFormats, SameSamplesLoadBitwiseIdenticalFromEveryFormat) {
  const Dataset idx = load_array_dataset(fixture("same-images-idx3-ubyte"), fixture("same-labels-idx1-ubyte"), 0);
  ASSERT_EQ(idx.images.shape(), (Shape{6, 12}));
  ASSERT_EQ(idx.sample_shape, (Shape{3, 4, 1}));
  const Dataset others[] = {
      load_array_dataset(fixture("images_u8.npy"), fixture("labels_uint8.npy"), 0),
      load_array_dataset(fixture("images_f32.npy"), fixture("labels_int64.npy"), 0),
      load_array_dataset(fixture("images_u8_fortran.npy"), fixture("same-labels-idx1-ubyte"), 0),
      load_npz_train_test(fixture("keras_stored.npz"), 0).train,
      load_npz_train_test(fixture("keras_deflate.npz"), 0).train,
      load_npz_dataset(fixture("xy.npz"), 0),
      read_csv_table(fixture("table_header.csv")),
  };
  for (const Dataset& d : others) {
    SCOPED_TRACE(d.images_file);
    EXPECT_TRUE(d.images.bitwise_equal(idx.images));
    EXPECT_TRUE(d.labels.bitwise_equal(idx.labels));
    EXPECT_EQ(d.num_classes, idx.num_classes);
  }
}

TEST(ArrayFormats, DataSourceTakesNpyFilesNextToIdx) {
  DataSource src;
  src.train_images = fixture("images_u8.npy");
  src.train_labels = fixture("same-labels-idx1-ubyte");
  src.test_images = fixture("same-images-idx3-ubyte");
  src.test_labels = fixture("labels_int16.npy");
  const DataShapes shapes = peek_data_shapes(src);
  EXPECT_EQ(shapes.train, (Shape{3, 4, 1}));
  EXPECT_EQ(shapes.test, (Shape{3, 4, 1}));
  const TrainTest d = load_data(src);
  EXPECT_TRUE(d.train.images.bitwise_equal(d.test.images));
  EXPECT_TRUE(d.train.labels.bitwise_equal(d.test.labels));
  EXPECT_EQ(d.test.num_classes, 3);

  src.test_images = fixture("images_nhwc_u8.npy");
  expect_error([&] { (void)peek_data_shapes(src); }, {"images_nhwc_u8.npy", "images_u8.npy"});
  src.test_images = fixture("bad_truncated.npy");
  expect_error([&] { (void)load_data(src); }, {"bad_truncated.npy", "truncated"});
}

}  // namespace
}  // namespace dendrite
