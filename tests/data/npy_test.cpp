// Tests of the NumPy .npy reader (framework/data/npy.h, npy_header.h) and of .npy files as the
// arrays of a data set (load_array_dataset), on the files of tests/data/fixtures/.
#include "framework/data/npy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "framework/data/array_source.h"
#include "framework/data/dataset.h"
#include "framework/data/npy_header.h"
#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"
#include "tests/data/data_test_util.h"
#include "tests/data/fixture_files.h"

namespace dendrite {
namespace {

using test::expect_error;
using test::TempDir;
using testing::Bytes;
using testing::file_bytes;
using testing::fixture;
using testing::write_bytes;

const std::vector<double> kLabels = {0, 2, 1, 2, 0, 1};

// The uint8 images the fixtures hold: ((i * 37 + 11) mod 256) for flat index i, shape [6, 3, 4].
float fixture_pixel(std::int64_t i) { return static_cast<float>((i * 37 + 11) % 256); }

TEST(Npy, ReadsUint8ImagesAsTheyAre) {
  const std::string path = fixture("images_u8.npy");
  const NpyHeader h = read_npy_header(path);
  EXPECT_EQ(h.type, NpyType::u8);
  EXPECT_FALSE(h.fortran_order);
  EXPECT_EQ(h.dims, (std::vector<std::int64_t>{6, 3, 4}));
  const NpyTensor t = read_npy_f32(path);
  EXPECT_EQ(t.type, NpyType::u8);
  ASSERT_EQ(t.values.shape(), (Shape{6, 3, 4}));
  for (std::int64_t i = 0; i < t.values.numel(); ++i) ASSERT_EQ(t.values.f32()[i], fixture_pixel(i)) << i;
}

TEST(Npy, FortranOrderIsConvertedToCOrder) {
  EXPECT_TRUE(read_npy_header(fixture("images_u8_fortran.npy")).fortran_order);
  EXPECT_TRUE(read_npy_f32(fixture("images_u8_fortran.npy"))
                  .values.bitwise_equal(read_npy_f32(fixture("images_u8.npy")).values));
  // Four dimensions, float32, Fortran order against the same values stored as uint8 in C order.
  const NpyTensor f = read_npy_f32(fixture("images_nhwc_f32_fortran.npy"));
  EXPECT_EQ(f.type, NpyType::f32);
  EXPECT_TRUE(f.values.bitwise_equal(read_npy_f32(fixture("images_nhwc_u8.npy")).values));
  // A Fortran-ordered [6, 5] matrix whose C-order element (r, c) is (5 r + c) / 8.
  const NpyTensor v = read_npy_f32(fixture("vectors_f32.npy"));
  ASSERT_EQ(v.values.shape(), (Shape{6, 5}));
  for (std::int64_t i = 0; i < 30; ++i) ASSERT_EQ(v.values.f32()[i], static_cast<float>(i) / 8.0f) << i;
}

TEST(Npy, FloatTypesBothByteOrdersAndVersionTwoAgree) {
  const Tensor f32 = read_npy_f32(fixture("images_f32.npy")).values;
  EXPECT_TRUE(read_npy_f32(fixture("images_f32_big_endian.npy")).values.bitwise_equal(f32));
  EXPECT_EQ(read_npy_f32(fixture("images_f64.npy")).type, NpyType::f64);
  EXPECT_TRUE(read_npy_f32(fixture("images_f64.npy")).values.bitwise_equal(f32));
  EXPECT_EQ(read_npy_f32(fixture("images_f32.npy")).values.f32()[1], fixture_pixel(1) / 255.0f);
  EXPECT_TRUE(read_npy_f32(fixture("images_u8_v2.npy"))
                  .values.bitwise_equal(read_npy_f32(fixture("images_u8.npy")).values));
}

TEST(Npy, LabelsOfEveryIntegerType) {
  for (const char* type : {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}) {
    SCOPED_TRACE(type);
    const std::string labels = fixture(std::string("labels_") + type + ".npy");
    const NpyValues v = read_npy_values(labels);
    EXPECT_STREQ(npy_type_name(v.type), type);
    EXPECT_EQ(v.values, kLabels);
    const Dataset d = load_array_dataset(fixture("images_u8.npy"), labels, 0);
    EXPECT_EQ(d.num_classes, 3);
    EXPECT_TRUE(d.labels.bitwise_equal(Tensor::from_i32({6}, {0, 2, 1, 2, 0, 1})));
  }
  EXPECT_EQ(read_npy_values(fixture("labels_int32_big_endian.npy")).values, kLabels);
  EXPECT_EQ(load_array_dataset(fixture("images_u8.npy"), fixture("labels_n1_u8.npy"), 3).size(), 6);
}

TEST(Npy, DataSetGeometryFromTheShape) {
  const Dataset grey = load_array_dataset(fixture("images_u8.npy"), fixture("labels_uint8.npy"), 3);
  EXPECT_EQ(grey.sample_shape, (Shape{3, 4, 1}));
  EXPECT_EQ(grey.images.shape(), (Shape{6, 12}));
  EXPECT_EQ(grey.images.f32()[5], fixture_pixel(5) / 255.0f);  // uint8 scaled by 1/255
  const Dataset floats = load_array_dataset(fixture("images_f64.npy"), fixture("labels_uint8.npy"), 3);
  EXPECT_TRUE(floats.images.bitwise_equal(grey.images));  // floats taken as they are
  EXPECT_EQ(load_array_dataset(fixture("images_nhwc_u8.npy"), fixture("labels_uint8.npy"), 3).sample_shape,
            (Shape{3, 4, 2}));
  EXPECT_EQ(load_array_dataset(fixture("vectors_f32.npy"), fixture("labels_uint8.npy"), 3).sample_shape,
            (Shape{5, 1, 1}));
  EXPECT_EQ(array_sample_shape(fixture("images_nhwc_u8.npy")), (Shape{3, 4, 2}));
}

TEST(Npy, FormatIsToldByMagicBytesNotName) {
  EXPECT_TRUE(is_npy_file(fixture("images_u8.npy")));
  EXPECT_FALSE(is_npy_file(fixture("same-images-idx3-ubyte")));
  EXPECT_FALSE(is_npy_file(fixture("no-such-file")));
  EXPECT_EQ(array_file_format(fixture("images_u8.npy")), ArrayFileFormat::npy);
  EXPECT_EQ(array_file_format(fixture("not_npy.npy")), ArrayFileFormat::idx);
  TempDir dir;
  const std::string renamed = dir.file("images.idx");  // a .npy file under an IDX name
  write_bytes(renamed, file_bytes(fixture("images_u8.npy")));
  EXPECT_EQ(array_sample_shape(renamed), (Shape{3, 4, 1}));
  const std::string gz = dir.file("images.npy.gz");
  write_bytes(gz, testing::gzip_bytes(file_bytes(fixture("images_u8.npy"))));
  EXPECT_TRUE(is_npy_file(gz));
  EXPECT_TRUE(read_npy_f32(gz).values.bitwise_equal(read_npy_f32(fixture("images_u8.npy")).values));
}

TEST(Npy, HeaderLengthWithHighBytes) {
  // A 1.0 header of 0x00c6 bytes and a 2.0 header of 0x0180: length bytes >= 0x80 read unsigned.
  TempDir dir;
  for (const int version : {1, 2}) {
    std::string text = "{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }";
    const std::size_t prelude = version == 1 ? 10 : 12;
    const std::size_t total = version == 1 ? 208 : 396;
    text += std::string(total - prelude - text.size() - 1, ' ') + "\n";
    Bytes b = {0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<std::uint8_t>(version), 0};
    for (int k = 0; k < (version == 1 ? 2 : 4); ++k) b.push_back(static_cast<std::uint8_t>(text.size() >> (8 * k)));
    b.insert(b.end(), text.begin(), text.end());
    for (const std::uint8_t byte : {0x05, 0x00, 0xfe, 0xff}) b.push_back(byte);  // 5, -2
    const std::string path = dir.file("long-header-v" + std::to_string(version) + ".npy");
    write_bytes(path, b);
    const NpyValues v = read_npy_values(path);
    EXPECT_EQ(v.values, (std::vector<double>{5, -2}));
    EXPECT_EQ(read_npy_header(path).header_bytes, static_cast<std::int64_t>(total));
  }
}

TEST(Npy, RefusesBrokenFilesNamingThem) {
  struct Case {
    const char* file;
    std::vector<std::string> parts;
  };
  const Case cases[] = {
      {"bad_truncated.npy", {"wrong length", "truncated", "(6, 3, 4)", "uint8"}},
      {"bad_trailing.npy", {"wrong length", "trailing bytes"}},
      {"bad_header_only.npy", {"wrong length", "truncated"}},
      {"bad_object.npy", {"dtype '|O'", "Python objects", "never unpickled"}},
      {"bad_strings.npy", {"dtype '<U2'", "Unicode strings"}},
      {"bad_complex.npy", {"dtype '<c8'", "complex"}},
      {"bad_bool.npy", {"dtype '|b1'", "booleans"}},
      {"bad_float16.npy", {"dtype '<f2'", "float16"}},
      {"bad_structured.npy", {"structured dtype"}},
      {"bad_header_syntax.npy", {"header dictionary", "True or False"}},
      {"bad_header_missing_shape.npy", {"no 'shape' key"}},
      {"bad_version.npy", {"version 9.0"}},
      {"bad_zero_samples.npy", {"(0, 3, 4)", "no values (no samples)"}},
      {"bad_nan.npy", {"float32 value nan", "[2, 1, 3]", "not finite"}},
      {"bad_inf.npy", {"float64 value inf", "[4, 0, 1]", "not finite"}},
      {"bad_f64_too_large.npy", {"1e+300", "[1, 0]", "too large for float32"}},
      {"not_npy.npy", {"not a NumPy .npy file", "\\x93NUMPY"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    std::vector<std::string> parts = c.parts;
    parts.push_back(fixture(c.file));
    expect_error([&] { (void)read_npy_f32(fixture(c.file)); }, parts);
  }
  expect_error([&] { (void)read_npy_header(fixture("no-such-file.npy")); }, {"does not exist"});
}

TEST(Npy, DataSetArraysOfTheWrongKindAreRefused) {
  const std::string x = fixture("images_u8.npy");
  expect_error([&] { (void)load_array_dataset(fixture("bad_images_int32.npy"), fixture("labels_uint8.npy"), 3); },
               {"bad_images_int32.npy", "dtype int32", "images must be uint8"});
  expect_error([&] { (void)load_array_dataset(x, fixture("bad_labels_f32.npy"), 3); },
               {"bad_labels_f32.npy", "dtype float32", "integer type"});
  expect_error([&] { (void)load_array_dataset(x, fixture("bad_labels_out_of_range.npy"), 3); },
               {"bad_labels_out_of_range.npy", "index 5 is 300", "[0, 3)"});
  expect_error([&] { (void)load_array_dataset(x, fixture("bad_labels_negative.npy"), 0); },
               {"bad_labels_negative.npy", "index 2 is -1"});
  expect_error([&] { (void)load_array_dataset(x, fixture("bad_labels_count.npy"), 3); },
               {"holds 6 images", "holds 5 labels"});
  expect_error([&] { (void)load_array_dataset(fixture("bad_nan.npy"), fixture("labels_uint8.npy"), 3); },
               {"bad_nan.npy", "not finite"});
}

TEST(NpyHeaderDict, ParsesWhatNumPyWrites) {
  const NpyHeaderDict a = parse_npy_header_dict("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }  \n", "t");
  EXPECT_EQ(a.descr, "<f4");
  EXPECT_FALSE(a.fortran_order);
  EXPECT_EQ(a.shape, (std::vector<std::int64_t>{3, 4}));
  const NpyHeaderDict b = parse_npy_header_dict("{\"shape\": (7L,), \"fortran_order\": True, \"descr\": \"|u1\"}", "t");
  EXPECT_EQ(b.descr, "|u1");
  EXPECT_TRUE(b.fortran_order);
  EXPECT_EQ(b.shape, (std::vector<std::int64_t>{7}));
  EXPECT_TRUE(parse_npy_header_dict("{'descr': '<f8', 'fortran_order': False, 'shape': ()}", "t").shape.empty());
}

TEST(NpyHeaderDict, RefusesWhatDoesNotParse) {
  const std::string ok_shape = "'shape': (2,)";
  const std::pair<std::string, std::string> cases[] = {
      {"", "opening '{'"},
      {"{'descr': '<f4', 'fortran_order': False}", "no 'shape' key"},
      {"{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, " + ok_shape + "}", "'descr' twice"},
      {"{'descr': '<f4', 'fortran_order': False, " + ok_shape + ", 'extra': 1}", "unknown key 'extra'"},
      {"{'descr': '<f4, 'fortran_order': False, " + ok_shape + "}", "expected ',' or '}'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}", "non-negative integer"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", "larger than 2^62"},
      {"{'descr': '<f4', 'fortran_order': False, " + ok_shape + "} x", "text after"},
      {"{'descr': '<f4', 'fortran_order': 0, " + ok_shape + "}", "True or False"},
      {"{'descr': [('a', '<i4')], 'fortran_order': False, " + ok_shape + "}", "structured dtype"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2", "',' or ')'"},
      {"{'descr': '<f4", "not closed"},
  };
  for (const auto& [text, part] : cases) {
    SCOPED_TRACE(text);
    expect_error([&] { (void)parse_npy_header_dict(text, "file 'h.npy'"); }, {"file 'h.npy'", part});
  }
}

}  // namespace
}  // namespace dendrite
