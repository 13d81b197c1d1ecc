// Tests of the CSV table reader (framework/data/csv_table.h) on the files of
// tests/data/fixtures/.
#include "framework/data/csv_table.h"

#include <gtest/gtest.h>

#include "tests/common/expect_error.h"
#include "tests/data/fixture_files.h"

namespace dendrite {
namespace {

using test::expect_error;
using testing::fixture;

// The fixtures' images as the loader makes them: uint8 / 255 in float32, [6, 12].
Tensor expected_images() {
  return load_array_dataset(fixture("images_u8.npy"), fixture("labels_uint8.npy"), 3).images;
}
const Tensor kLabels = Tensor::from_i32({6}, {0, 2, 1, 2, 0, 1});

TEST(CsvTable, HeaderDetectedOrGiven) {
  for (const CsvHeader header : {CsvHeader::detect, CsvHeader::yes}) {
    CsvOptions opt;
    opt.header = header;
    const Dataset d = read_csv_table(fixture("table_header.csv"), opt);
    EXPECT_TRUE(d.images.bitwise_equal(expected_images()));
    EXPECT_TRUE(d.labels.bitwise_equal(kLabels));
    EXPECT_EQ(d.sample_shape, (Shape{12, 1, 1}));
    EXPECT_EQ(d.num_classes, 3);
    EXPECT_EQ(d.name, "table_header.csv");
  }
  for (const CsvHeader header : {CsvHeader::detect, CsvHeader::no}) {
    CsvOptions opt;
    opt.header = header;
    const Dataset d = read_csv_table(fixture("table_no_header.csv"), opt);
    EXPECT_TRUE(d.images.bitwise_equal(expected_images()));
    EXPECT_TRUE(d.labels.bitwise_equal(kLabels));
  }
  CsvOptions yes;
  yes.header = CsvHeader::yes;  // the first data row taken as the header
  EXPECT_EQ(read_csv_table(fixture("table_no_header.csv"), yes).size(), 5);
}

TEST(CsvTable, LabelColumnByNameOrPositionAndDelimiter) {
  CsvOptions by_name;
  by_name.delimiter = ';';
  by_name.label_name = "label";
  CsvOptions by_index;
  by_index.delimiter = ';';
  by_index.label_index = 0;
  for (const CsvOptions& opt : {by_name, by_index}) {
    const Dataset d = read_csv_table(fixture("table_label_first_semicolon.csv"), opt);
    EXPECT_TRUE(d.images.bitwise_equal(expected_images()));
    EXPECT_TRUE(d.labels.bitwise_equal(kLabels));
  }
}

// Inputs without labels (dendrite predict): every column a feature, the label column's values too.
TEST(CsvTable, NoLabelColumnMakesEveryColumnAFeature) {
  CsvOptions opt;
  opt.no_label = true;
  const Dataset d = read_csv_table(fixture("table_header.csv"), opt);
  ASSERT_EQ(d.images.shape(), (Shape{6, 13}));
  EXPECT_EQ(d.sample_shape, (Shape{13, 1, 1}));
  const Tensor with_label = read_csv_table(fixture("table_header.csv")).images;
  for (std::int64_t i = 0; i < 6; ++i) {
    for (std::int64_t c = 0; c < 12; ++c) EXPECT_EQ(d.images.f32()[i * 13 + c], with_label.f32()[i * 12 + c]);
    EXPECT_EQ(d.images.f32()[i * 13 + 12], static_cast<float>(kLabels.i32()[i])) << "the last column, a feature";
  }
}

TEST(CsvTable, QuotedCellsSpacesAndSigns) {
  CsvOptions opt;
  opt.label_name = "class";
  const Dataset d = read_csv_table(fixture("table_quoted.csv"), opt);
  EXPECT_TRUE(d.images.bitwise_equal(Tensor::from_f32({2, 2}, {1.5f, 2.0f, -3e-2f, 4.0f})));
  EXPECT_TRUE(d.labels.bitwise_equal(Tensor::from_i32({2}, {1, 0})));
}

TEST(CsvTable, RefusesBadTablesNamingFileRowAndColumn) {
  struct Case {
    const char* file;
    std::vector<std::string> parts;
  };
  const Case cases[] = {
      {"bad_ragged.csv", {"row 3 has 2 cells; expected 3"}},
      {"bad_non_numeric.csv", {"row 3, column 2 ('b')", "'x7' is not a number"}},
      {"bad_nan.csv", {"row 3, column 2 ('b')", "'nan' is not a finite number"}},
      {"bad_header_only.csv", {"has a header row but no data rows"}},
      {"bad_empty.csv", {"is empty"}},
      {"bad_label.csv", {"row 3, column 3 ('label')", "label '2.5' is not an integer"}},
      {"bad_quote.csv", {"is not valid CSV after row 2"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    std::vector<std::string> parts = c.parts;
    parts.push_back("CSV file '" + fixture(c.file) + "'");
    expect_error([&] { (void)read_csv_table(fixture(c.file)); }, parts);
  }
}

TEST(CsvTable, RefusesBadOptions) {
  CsvOptions missing;
  missing.label_name = "species";
  expect_error([&] { (void)read_csv_table(fixture("table_quoted.csv"), missing); },
               {"table_quoted.csv", "no column named 'species'", "a, b, class"});
  CsvOptions no_header;
  no_header.header = CsvHeader::no;
  no_header.label_name = "label";
  expect_error([&] { (void)read_csv_table(fixture("table_no_header.csv"), no_header); },
               {"table_no_header.csv", "no header row", "'label'"});
  CsvOptions far;
  far.label_index = 13;
  expect_error([&] { (void)read_csv_table(fixture("table_header.csv"), far); },
               {"table_header.csv", "13 columns", "label column 13"});
  CsvOptions two;
  two.num_classes = 2;
  expect_error([&] { (void)read_csv_table(fixture("table_header.csv"), two); },
               {"table_header.csv", "row 3, column 13 ('label')", "label '2' is not an integer in [0, 2)"});
  expect_error([&] { (void)read_csv_table(fixture("no-such.csv")); }, {"CSV file", "no-such.csv", "does not exist"});
}

}  // namespace
}  // namespace dendrite
