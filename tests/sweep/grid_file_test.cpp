// Grid files: the format, and one message naming the field for each kind of mistake.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "framework/core/error.h"
#include "framework/sweep/grid_file.h"
#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"

namespace dendrite {
namespace {

using nlohmann::json;

GridChecks test_checks() {
  GridChecks c;
  c.option = [](const std::string& o) {
    if (o == "out") throw Error("--out cannot be set per run");
    if (o != "model" && o != "dendrites" && o != "seed" && o != "epochs" && o != "hidden")
      throw Error("'" + o + "' is not a dendrite train option");
  };
  c.value = [](const std::string& o, const json& v) {
    if (o == "dendrites" && !v.is_number_integer()) throw Error("--dendrites: not an integer");
  };
  return c;
}

std::string message_of(const std::string& text) {
  return test::expect_error([&] { grid_from_json(nlohmann::ordered_json::parse(text), "g.json", test_checks()); });
}

TEST(GridFile, ReadsFixedAxesAndExtrasInFileOrder) {
  const Grid g = grid_from_json(nlohmann::ordered_json::parse(R"({
      "description": "a test",
      "fixed": {"epochs": 2},
      "axes": {"seed": [1, 2], "model": ["vann", "dann-r"], "dendrites": 4},
      "extra": [{"model": "mlp", "hidden": "256,128"}]})"),
                                "g.json", test_checks());
  ASSERT_EQ(g.axes.size(), 3u);
  EXPECT_EQ(g.axes[0].option, "seed");  // file order, not sorted
  EXPECT_EQ(g.axes[1].values, (std::vector<json>{"vann", "dann-r"}));
  EXPECT_EQ(g.axes[2].values, std::vector<json>{4});
  EXPECT_EQ(g.fixed, (json{{"epochs", 2}}));
  EXPECT_EQ(g.size(), 4 + 2 * 1);  // the extra runs over the seeds and the dendrites
  EXPECT_EQ(g.expand().back(), (json{{"model", "mlp"}, {"hidden", "256,128"}, {"seed", 2}, {"dendrites", 4}, {"epochs", 2}}));
}

struct BadGrid {
  const char* text;
  const char* message;
};

class GridFileError : public ::testing::TestWithParam<BadGrid> {};

TEST_P(GridFileError, NamesTheField) { EXPECT_EQ(message_of(GetParam().text), GetParam().message); }

INSTANTIATE_TEST_SUITE_P(
    Cases, GridFileError,
    ::testing::Values(
        BadGrid{"[1, 2]", "g.json: must be a JSON object with \"fixed\", \"axes\" and \"extra\", not array"},
        BadGrid{R"({"axis": {}})", "g.json: axis: is not a grid field (known: description, fixed, axes, extra)"},
        BadGrid{R"({"axes": [1]})", "g.json: axes: must be a JSON object of option: value, not array"},
        BadGrid{R"({"axes": {"dendritess": [1]}})", "g.json: axes.dendritess: 'dendritess' is not a dendrite train option"},
        BadGrid{R"({"fixed": {"out": "x"}})", "g.json: fixed.out: --out cannot be set per run"},
        BadGrid{R"({"axes": {"dendrites": [1, "x"]}})", "g.json: axes.dendrites[1]: --dendrites: not an integer"},
        BadGrid{R"({"axes": {"dendrites": []}})", "g.json: axes.dendrites: is an empty list; an axis needs at least one value"},
        BadGrid{R"({"axes": {"seed": [null]}})", "g.json: axes.seed[0]: must be a string, a number or true/false, not null"},
        BadGrid{R"({"axes": {"seed": [[1]]}})", "g.json: axes.seed[0]: must be a string, a number or true/false, not array"},
        BadGrid{R"({"fixed": {"seed": 1}, "axes": {"seed": [1, 2]}})", "g.json: axes.seed: 'seed' is both fixed and an axis; give it once"},
        BadGrid{R"({"extra": {"model": "mlp"}})", "g.json: extra: must be a list of configurations, not object"},
        BadGrid{R"({"extra": [{"model": "mlp"}, {}]})", "g.json: extra[1]: is an empty configuration"},
        BadGrid{R"({"extra": [{"dendrites": 1.5}]})", "g.json: extra[0].dendrites: --dendrites: not an integer"},
        BadGrid{R"({"description": 3})", "g.json: description: must be a string, not number"},
        // A NUL would cut the option's word short (CLI11 reads C strings): "relu" would be trained.
        BadGrid{R"({"axes": {"model": ["mlp", "relu\u0000evil"]}})",
                "g.json: axes.model[1]: the string contains a NUL byte at offset 4"},
        BadGrid{R"({"fixed": {"mod\u0000el": "mlp"}})", "g.json: fixed: an option name contains a NUL byte at offset 3"}));

TEST(GridFile, NumbersOutOfRangeAndTextThatIsNotUtf8NameTheFileAndField) {
  test::TempDir dir;
  const std::string file = dir.file("g.json");
  std::ofstream(file) << R"({"fixed": {"epochs": 2}, "axes": {"seed": [1, 2], "dendrites": [4, 1e999]}})";
  test::expect_error([&] { read_grid_file(file, test_checks()); },
                     {file + ": axes.dendrites[1]: the number 1e999 is out of range"});
  std::ofstream(file) << R"({"extra": [{"seed": 1}, {"seed": -4e400}]})";
  test::expect_error([&] { read_grid_file(file, test_checks()); },
                     {file + ": extra[1].seed: the number -4e400 is out of range"});
  std::ofstream(file) << "{\"axes\": {\"model\": [\"rel\xff\"]}}";
  test::expect_error([&] { read_grid_file(file, test_checks()); }, {file + ": not valid JSON: ", "UTF-8"});
}

TEST(GridFile, MissingFileAndBadJsonNameTheFile) {
  test::TempDir dir;
  test::expect_error([&] { read_grid_file(dir.file("missing.json")); },
                     {"cannot read the grid file '" + dir.file("missing.json") + "'"});
  std::ofstream(dir.file("bad.json")) << "{\"axes\": {\"seed\": [1,]}}";
  test::expect_error([&] { read_grid_file(dir.file("bad.json")); },
                     {dir.file("bad.json") + ": not valid JSON: parse error at line 1"});
}

}  // namespace
}  // namespace dendrite
