// The layer table of docs/architecture.md against every `#include "..."` of the sources, and the
// checker itself on a small tree with a planted bad include.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tests/common/temp_dir.h"
#include "tests/docs/include_layers.h"

namespace dendrite::test {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;

std::string lines(const std::vector<std::string>& problems) {
  std::string s;
  for (const std::string& p : problems) s += "\n  " + p;
  return s;
}

TEST(IncludeLayers, TheSourcesFollowTheTableOfArchitectureMd) {
  const fs::path root = DENDRITE_SOURCE_DIR;
  const LayerTable table = parse_layer_table(read_file(root / "docs/architecture.md"));
  ASSERT_GE(table.layers.size(), 5u) << "the layer table of docs/architecture.md";
  for (const char* layer : {"core", "ops", "export", "plugin", "runtime", "tools"})
    EXPECT_NE(table.find(layer), nullptr) << layer;
  EXPECT_EQ(check_layer_table(table), std::vector<std::string>{}) << lines(check_layer_table(table));
  const std::vector<std::string> problems = check_includes(root, table);
  EXPECT_TRUE(problems.empty()) << problems.size() << " includes break the layers of docs/architecture.md:"
                                << lines(problems);
}

// A scratch source tree with its own layer table.
class IncludeLayersTree : public ::testing::Test {
 protected:
  void SetUp() override {
    write("base/a.h", "#pragma once\n");
    write("base/gen.h.in", "#pragma once\n");
    write("mid/b.h", "#pragma once\n#include \"base/a.h\"\n#include <vector>\n");
    write("mid/leaf/c.cpp", "#include \"mid/b.h\"\n#include \"base/gen.h\"\n");
    write("top/d.cpp", "// #include \"top/commented.h\" is no include\n#include \"mid/b.h\"\n");
  }
  void write(const std::string& path, const std::string& text) {
    fs::create_directories((root_ / path).parent_path());
    std::ofstream(root_ / path) << text;
  }
  static LayerTable table(const std::string& rows) {
    return parse_layer_table("# doc\n\n| layer | folders | may include |\n|---|---|---|\n" + rows + "\nafter\n");
  }
  TempDir dir_;
  const fs::path& root_ = dir_.path();
};

const char* const kRows =
    "| base | `base/` | |\n"
    "| mid | `mid/` | base |\n"
    "| leaf | `mid/leaf/` | base, mid |\n"
    "| top | `top/` | base, mid |";

TEST_F(IncludeLayersTree, ParsesTheTable) {
  const LayerTable t = table(kRows);
  ASSERT_EQ(t.layers.size(), 4u);
  EXPECT_EQ(t.layers[3].name, "top");
  EXPECT_EQ(t.layers[2].folders, std::vector<std::string>{"mid/leaf/"});
  EXPECT_EQ(t.layers[2].may_include, (std::set<std::string>{"base", "mid"}));
  EXPECT_EQ(t.layer_of("mid/leaf/c.cpp")->name, "leaf") << "the longest folder wins";
  EXPECT_EQ(t.layer_of("mid/b.h")->name, "mid");
  EXPECT_EQ(t.layer_of("elsewhere/x.h"), nullptr);
  EXPECT_THROW(parse_layer_table("| folder | owns |\n|---|---|\n"), std::runtime_error);
}

TEST_F(IncludeLayersTree, ACleanTreePasses) {
  EXPECT_EQ(check_layer_table(table(kRows)), std::vector<std::string>{});
  EXPECT_EQ(check_includes(root_, table(kRows)), std::vector<std::string>{}) << lines(check_includes(root_, table(kRows)));
}

TEST_F(IncludeLayersTree, APlantedIncludeIsNamedWithFileAndLine) {
  write("base/bad.cpp", "#include \"base/a.h\"\n\n  #  include \"top/d.h\"\n");
  write("top/d.h", "#pragma once\n");
  EXPECT_EQ(check_includes(root_, table(kRows)),
            std::vector<std::string>{"base/bad.cpp:3: #include \"top/d.h\": layer 'base' may include only itself; "
                                     "this header is in layer 'top'"});
}

TEST_F(IncludeLayersTree, MissingAndUnownedPathsAreNamed) {
  write("mid/e.cpp", "#include \"base/nope.h\"\n#include \"other/x.h\"\n");
  write("top/extra/f.h", "#include \"mid/leaf/c.h\"\n");
  const std::vector<std::string> problems = check_includes(root_, table(kRows));
  EXPECT_EQ(problems, (std::vector<std::string>{
                          "mid/e.cpp:1: #include \"base/nope.h\": no such file below the source root",
                          "mid/e.cpp:2: #include \"other/x.h\": the path is in no layer of the table",
                          "top/extra/f.h:1: #include \"mid/leaf/c.h\": no such file below the source root"}))
      << lines(problems);
  write("mid/leaf/c.h", "#pragma once\n");
  EXPECT_EQ(check_includes(root_, table(kRows)).back(),
            "top/extra/f.h:1: #include \"mid/leaf/c.h\": layer 'top' may include only itself and base, mid; this "
            "header is in layer 'leaf'");
  write("stray/g.cpp", "");
  EXPECT_THAT(check_includes(root_, table(std::string(kRows) + "\n| stray-owner | `stray/sub/` | |")),
              Contains("stray/g.cpp: in no layer of the table (add its folder to a layer)"));
}

TEST_F(IncludeLayersTree, TheTableMustBeClosedAndAcyclic) {
  EXPECT_EQ(check_layer_table(table("| a | `a/` | |\n| b | `b/` | a |\n| c | `c/` | b |")),
            std::vector<std::string>{"layer 'c' may include 'b', which may include 'a', but 'c' may not"});
  EXPECT_EQ(check_layer_table(table("| a | `a/` | b |\n| b | `b/` | a |")),
            (std::vector<std::string>{"layers 'a' and 'b' may include each other",
                                      "layers 'b' and 'a' may include each other"}));
  EXPECT_EQ(check_layer_table(table("| a | `a` | nope |\n| a | `a/` | |")),
            (std::vector<std::string>{"layer 'a': folder 'a' must end with '/'", "layer 'a' appears twice",
                                      "layer 'a' may include the unknown layer 'nope'"}));
}

}  // namespace
}  // namespace dendrite::test
