#include "framework/sweep/grid_file.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include "framework/core/error.h"
#include "framework/core/json_error_field.h"
#include "framework/core/text_check.h"

namespace dendrite {

namespace {

const char* json_type(const nlohmann::ordered_json& v) { return v.type_name(); }

class GridReader {
 public:
  GridReader(std::string source, const GridChecks& checks) : source_(std::move(source)), checks_(checks) {}

  Grid read(const nlohmann::ordered_json& j) {
    check(j.is_object(), "", "must be a JSON object with \"fixed\", \"axes\" and \"extra\", not {}", json_type(j));
    Grid g;
    for (const auto& [name, value] : j.items()) {
      if (name == "description") {
        check(value.is_string(), name, "must be a string, not {}", json_type(value));
      } else if (name == "fixed") {
        for (const auto& [option, v] : members(value, name).items()) {
          once(g, name + "." + option, key(option));
          g.set_fixed(key(option), scalar(name + "." + option, option, v));
        }
      } else if (name == "axes") {
        for (const auto& [option, v] : members(value, name).items()) {
          once(g, name + "." + option, key(option));
          g.set_axis(key(option), axis(name + "." + option, option, v));
        }
      } else if (name == "extra") {
        check(value.is_array(), name, "must be a list of configurations, not {}", json_type(value));
        for (std::size_t i = 0; i < value.size(); ++i) {
          const std::string field = fmt::format("extra[{}]", i);
          nlohmann::json config = nlohmann::json::object();
          for (const auto& [option, v] : members(value[i], field).items()) {
            check(!config.contains(key(option)), field + "." + option, "'{}' is given twice", option);
            config[key(option)] = scalar(field + "." + option, option, v);
          }
          check(!config.empty(), field, "is an empty configuration");
          g.extra.push_back(std::move(config));
        }
      } else {
        fail(name, "is not a grid field (known: description, fixed, axes, extra)");
      }
    }
    return g;
  }

 private:
  template <typename... Args>
  void check(bool ok, const std::string& field, fmt::format_string<Args...> what, Args&&... args) const {
    if (!ok) fail(field, fmt::format(what, std::forward<Args>(args)...));
  }
  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw Error(field.empty() ? fmt::format("{}: {}", source_, what) : fmt::format("{}: {}: {}", source_, field, what));
  }

  std::string key(const std::string& option) const { return checks_.key ? checks_.key(option) : option; }

  // An option is either fixed or an axis.
  void once(const Grid& g, const std::string& field, const std::string& option) const {
    check(!g.fixed.contains(option) && g.axis(option) == nullptr, field, "'{}' is both fixed and an axis; give it once",
          option);
  }

  const nlohmann::ordered_json& members(const nlohmann::ordered_json& v, const std::string& field) const {
    check(v.is_object(), field, "must be a JSON object of option: value, not {}", json_type(v));
    for (const auto& [option, unused] : v.items()) {
      const std::string problem = text_problem(option);
      check(problem.empty(), field, "an option name {}", problem);
      try {
        if (checks_.option) checks_.option(option);
      } catch (const Error& e) {
        fail(field + "." + option, e.what());
      }
    }
    return v;
  }

  nlohmann::json scalar(const std::string& field, const std::string& option, const nlohmann::ordered_json& v) const {
    check(v.is_string() || v.is_number() || v.is_boolean(), field, "must be a string, a number or true/false, not {}",
          json_type(v));
    if (v.is_string()) {
      // A NUL would cut the value short where it becomes an option's word ("relu\u0000x" -> relu).
      const std::string problem = text_problem(v.get_ref<const std::string&>());
      check(problem.empty(), field, "the string {}", problem);
    }
    nlohmann::json value = nlohmann::json::parse(v.dump());
    try {
      if (checks_.value) checks_.value(option, value);
    } catch (const Error& e) {
      fail(field, e.what());
    }
    return value;
  }

  std::vector<nlohmann::json> axis(const std::string& field, const std::string& option,
                                   const nlohmann::ordered_json& v) const {
    if (!v.is_array()) return {scalar(field, option, v)};
    check(!v.empty(), field, "is an empty list; an axis needs at least one value");
    std::vector<nlohmann::json> out;
    for (std::size_t i = 0; i < v.size(); ++i) out.push_back(scalar(fmt::format("{}[{}]", field, i), option, v[i]));
    return out;
  }

  std::string source_;
  const GridChecks& checks_;
};

}  // namespace

Grid grid_from_json(const nlohmann::ordered_json& j, const std::string& source, const GridChecks& checks) {
  return GridReader(source, checks).read(j);
}

Grid read_grid_file(const std::string& path, const GridChecks& checks) {
  std::ifstream in(path, std::ios::binary);
  DENDRITE_CHECK(in.good(), "cannot read the grid file '{}': {}", path, std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::ordered_json j;
  try {
    j = nlohmann::ordered_json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    // A syntax error or bytes that are not UTF-8: nlohmann names the line and column.
    std::string what = e.what();
    if (const auto at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
    throw Error(fmt::format("{}: not valid JSON: {}", path, what));
  } catch (const nlohmann::json::exception&) {
    // A number beyond a double ("1e999"): nlohmann says where in no way, so the field is found.
    const JsonErrorField where = json_error_field(text.str());
    throw Error(fmt::format("{}: {}the number {} is out of range (a double holds at most about 1.8e308)", path,
                            where.path.empty() ? std::string() : where.path + ": ",
                            where.token.empty() ? std::string("given") : where.token));
  }
  return grid_from_json(j, path, checks);
}

}  // namespace dendrite
