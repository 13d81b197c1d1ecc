// Tests of the PNG and PGM readers (framework/data/image_file.h) on the images of
// tests/data/fixtures/.
#include "framework/data/image_file.h"

#include <gtest/gtest.h>

#include "framework/data/npy.h"
#include "tests/common/expect_error.h"
#include "tests/data/fixture_files.h"

namespace dendrite {
namespace {

using test::expect_error;
using testing::fixture;

// Image 0 of the fixtures' uint8 images, as [3, 4, 1] / 255.
Tensor expected_grey() {
  const Tensor all = read_npy_f32(fixture("images_u8.npy")).values;
  Tensor out({3, 4, 1});
  for (std::int64_t i = 0; i < 12; ++i) out.f32()[i] = all.f32()[i] / 255.0f;
  return out;
}

TEST(ImageFile, GreyPngAndPgmAgreeWithTheArray) {
  EXPECT_TRUE(read_png(fixture("grey.png")).bitwise_equal(expected_grey()));
  EXPECT_TRUE(read_pgm(fixture("grey.pgm")).bitwise_equal(expected_grey()));
  EXPECT_TRUE(read_image(fixture("grey.png")).bitwise_equal(expected_grey()));
  EXPECT_TRUE(read_image(fixture("grey.pgm")).bitwise_equal(expected_grey()));
  // ASCII PGM with maxval 1000: value / 1000.
  const Tensor ascii = read_image(fixture("grey_ascii.pgm"));
  ASSERT_EQ(ascii.shape(), (Shape{3, 4, 1}));
  const Tensor grey = expected_grey();
  for (std::int64_t i = 0; i < 12; ++i) {
    const auto pixel = static_cast<int>(grey.f32()[i] * 255.0f + 0.5f);
    EXPECT_EQ(ascii.f32()[i], static_cast<float>(pixel * 1000 / 255) / 1000.0f) << i;
  }
}

TEST(ImageFile, ColourPngChannelsLast) {
  const Tensor rgb = read_image(fixture("rgb.png"));
  ASSERT_EQ(rgb.shape(), (Shape{3, 4, 3}));
  for (std::int64_t p = 0; p < 12; ++p) {
    EXPECT_EQ(rgb.f32()[p * 3 + 2], 7.0f / 255.0f);                          // blue is 7 everywhere
    EXPECT_EQ(rgb.f32()[p * 3 + 0] + rgb.f32()[p * 3 + 1], 1.0f) << p;       // green = 255 - red
  }
  const Tensor rgba = read_image(fixture("rgba.png"));
  ASSERT_EQ(rgba.shape(), (Shape{3, 4, 4}));
  const Tensor all = read_npy_f32(fixture("images_u8.npy")).values;
  for (std::int64_t p = 0; p < 12; ++p) {
    EXPECT_EQ(rgba.f32()[p * 4 + 0], rgb.f32()[p * 3 + 0]);
    EXPECT_EQ(rgba.f32()[p * 4 + 3], all.f32()[12 + p] / 255.0f);  // alpha: image 1 of the array
  }
  const Tensor palette = read_image(fixture("palette.png"));
  ASSERT_EQ(palette.shape(), (Shape{3, 4, 3}));
  for (std::int64_t i = 0; i < palette.numel(); ++i) EXPECT_TRUE(palette.f32()[i] >= 0 && palette.f32()[i] <= 1);
}

TEST(ImageFile, StackOfImagesOfOneSize) {
  const Tensor s = stack_images({fixture("grey.png"), fixture("grey.pgm")});
  ASSERT_EQ(s.shape(), (Shape{2, 3, 4, 1}));
  EXPECT_TRUE(s.reshaped({2, 12}).leading_rows(1).reshaped({3, 4, 1}).bitwise_equal(expected_grey()));
  expect_error([&] { (void)stack_images({fixture("grey.png"), fixture("grey_3x3.png")}); },
               {"grey_3x3.png", "is 3x3 with 1 channels", "grey.png", "(the first image) is 3x4", "same size"});
  expect_error([&] { (void)stack_images({fixture("grey.png"), fixture("rgb.png")}); },
               {"rgb.png", "3 channels", "same size"});
}

TEST(ImageFile, RefusesBrokenImagesNamingThem) {
  expect_error([&] { (void)read_image(fixture("grey16.png")); }, {"grey16.png", "16-bit"});
  expect_error([&] { (void)read_image(fixture("bad_truncated.png")); }, {"PNG file", "bad_truncated.png"});
  expect_error([&] { (void)read_image(fixture("bad_garbage.png")); }, {"PNG file", "bad_garbage.png"});
  expect_error([&] { (void)read_image(fixture("bad_truncated.pgm")); }, {"PGM file", "bad_truncated.pgm", "row"});
  expect_error([&] { (void)read_image(fixture("bad_header.pgm")); }, {"PGM file", "bad_header.pgm", "bad header"});
  expect_error([&] { (void)read_image(fixture("table_header.csv")); },
               {"table_header.csv", "neither a PNG file", "nor a PGM file"});
  expect_error([&] { (void)read_image(fixture("no-such.png")); }, {"no-such.png", "does not exist"});
  expect_error([&] { (void)read_pgm(fixture("grey.png")); }, {"grey.png", "does not start with P5"});
}

}  // namespace
}  // namespace dendrite
