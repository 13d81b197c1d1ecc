#include "tests/docs/include_layers.h"

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace dendrite::test {

namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// The cells of a markdown table row "| a | b | c |".
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(trim(line));
  std::string cell;
  std::getline(ss, cell, '|');  // before the first bar
  while (std::getline(ss, cell, '|')) out.push_back(trim(cell));
  return out;
}

// "itself and core, ops" / "only itself"
std::string allowed_list(const std::set<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s.empty() ? "only itself" : "only itself and " + s;
}

bool is_source(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".h" || ext == ".hpp" || ext == ".cpp" || ext == ".cc" || ext == ".in";
}

// A layer may include itself and the layers of its row.
bool allowed(const Layer& from, const Layer& to) { return &from == &to || from.may_include.count(to.name) != 0; }

}  // namespace

const Layer* LayerTable::layer_of(const std::string& path) const {
  const Layer* best = nullptr;
  std::size_t best_length = 0;
  for (const Layer& l : layers)
    for (const std::string& f : l.folders)
      if (path.compare(0, f.size(), f) == 0 && f.size() > best_length) {
        best = &l;
        best_length = f.size();
      }
  return best;
}

const Layer* LayerTable::find(const std::string& name) const {
  for (const Layer& l : layers)
    if (l.name == name) return &l;
  return nullptr;
}

LayerTable parse_layer_table(const std::string& markdown) {
  std::stringstream in(markdown);
  std::string line;
  bool found = false;
  while (!found && std::getline(in, line)) found = cells(line) == std::vector<std::string>{"layer", "folders", "may include"};
  if (!found) throw std::runtime_error("no table with the header | layer | folders | may include |");
  std::getline(in, line);  // |---|---|---|
  LayerTable table;
  const std::regex code("`([^`]*)`");
  while (std::getline(in, line) && trim(line).rfind('|', 0) == 0) {
    const std::vector<std::string> c = cells(line);
    if (c.size() != 3) throw std::runtime_error("layer table row without three cells: " + line);
    Layer l;
    l.name = c[0];
    for (auto it = std::sregex_iterator(c[1].begin(), c[1].end(), code); it != std::sregex_iterator(); ++it)
      l.folders.push_back((*it)[1].str());
    std::stringstream names(c[2]);
    for (std::string name; std::getline(names, name, ',');)
      if (!trim(name).empty()) l.may_include.insert(trim(name));
    table.layers.push_back(l);
  }
  return table;
}

std::vector<std::string> check_layer_table(const LayerTable& table) {
  std::vector<std::string> problems;
  std::set<std::string> names, folders;
  for (const Layer& l : table.layers) {
    if (!names.insert(l.name).second) problems.push_back("layer '" + l.name + "' appears twice");
    if (l.folders.empty()) problems.push_back("layer '" + l.name + "' owns no folder");
    for (const std::string& f : l.folders) {
      if (f.empty() || f.back() != '/') problems.push_back("layer '" + l.name + "': folder '" + f + "' must end with '/'");
      if (!folders.insert(f).second) problems.push_back("folder '" + f + "' belongs to two layers");
    }
  }
  for (const Layer& l : table.layers) {
    for (const std::string& m : l.may_include) {
      const Layer* other = table.find(m);
      if (other == nullptr) {
        problems.push_back("layer '" + l.name + "' may include the unknown layer '" + m + "'");
        continue;
      }
      if (other->may_include.count(l.name) != 0)
        problems.push_back("layers '" + l.name + "' and '" + m + "' may include each other");
      for (const std::string& reach : other->may_include)
        if (reach != l.name && l.may_include.count(reach) == 0)
          problems.push_back("layer '" + l.name + "' may include '" + m + "', which may include '" + reach +
                             "', but '" + l.name + "' may not");
    }
  }
  return problems;
}

std::vector<std::string> check_includes(const fs::path& root, const LayerTable& table) {
  std::set<std::string> tops;  // the top folders to walk: "ops", "framework", ...
  for (const Layer& l : table.layers)
    for (const std::string& f : l.folders) tops.insert(f.substr(0, f.find('/')));
  std::vector<std::string> files;
  for (const std::string& top : tops) {
    if (!fs::is_directory(root / top)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / top))
      if (entry.is_regular_file() && is_source(entry.path()))
        files.push_back(fs::relative(entry.path(), root).generic_string());
  }
  std::sort(files.begin(), files.end());

  const std::regex include_line(R"(^\s*#\s*include\s*"([^"]+)\")");
  std::vector<std::string> problems;
  for (const std::string& file : files) {
    const Layer* from = table.layer_of(file);
    if (from == nullptr) {
      problems.push_back(file + ": in no layer of the table (add its folder to a layer)");
      continue;
    }
    std::stringstream text(read_file(root / file));
    std::string line;
    for (int number = 1; std::getline(text, line); ++number) {
      std::smatch m;
      if (!std::regex_search(line, m, include_line)) continue;
      const std::string inc = m[1].str();
      const std::string where = file + ":" + std::to_string(number) + ": #include \"" + inc + "\"";
      const Layer* to = table.layer_of(inc);
      if (to == nullptr) {
        problems.push_back(where + ": the path is in no layer of the table");
        continue;
      }
      if (!fs::exists(root / inc) && !fs::exists(root / (inc + ".in"))) {
        problems.push_back(where + ": no such file below the source root");
        continue;
      }
      if (!allowed(*from, *to))
        problems.push_back(where + ": layer '" + from->name + "' may include " + allowed_list(from->may_include) +
                           "; this header is in layer '" + to->name + "'");
    }
  }
  return problems;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read '" + path.string() + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace dendrite::test
