// The include check of the library layers: docs/architecture.md holds a table of layers (which
// folders each one owns, which layers it may include), and every `#include "..."` of the sources
// must follow it. The test reads the table from the document, so the document and the code
// cannot drift apart.
//
//   const LayerTable table = parse_layer_table(read_file(root / "docs/architecture.md"));
//   for (const std::string& problem : check_layer_table(table)) ...       // the table itself
//   for (const std::string& problem : check_includes(root, table)) ...    // "ops/a.cpp:3: ..."
//
// A file belongs to the layer of the longest table folder that holds it, and so does an included
// path (relative to the source root). A file may include its own layer and the layers of its row.
// The table must be closed (a layer may include what the layers it includes may include) and
// acyclic, so that a direct include check also holds for everything a file reaches.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace dendrite::test {

struct Layer {
  std::string name;                  // "plugin"
  std::vector<std::string> folders;  // "export/plugin/" (ends with '/')
  std::set<std::string> may_include;  // other layers' names
};

struct LayerTable {
  std::vector<Layer> layers;
  // The layer owning `path` (relative to the source root), or nullptr.
  const Layer* layer_of(const std::string& path) const;
  const Layer* find(const std::string& name) const;
};

// The table under the header row "| layer | folders | may include |" of `markdown`; folders in
// backticks, layers separated by commas. Throws std::runtime_error when there is no such table.
LayerTable parse_layer_table(const std::string& markdown);

// Unknown layer names, folders owned twice or not ending in '/', a layer that may not include
// what one of its layers may include, and layers that may include each other.
std::vector<std::string> check_layer_table(const LayerTable& table);

// Every source file (.h, .hpp, .cpp, .cc, .in) below the top folders of the table's folders:
// one message per file in no layer and per include that its layer may not use, missing from the
// tree (a generated header counts as present when its `.in` template is), or in no layer.
std::vector<std::string> check_includes(const std::filesystem::path& root, const LayerTable& table);

std::string read_file(const std::filesystem::path& path);  // throws std::runtime_error

}  // namespace dendrite::test
