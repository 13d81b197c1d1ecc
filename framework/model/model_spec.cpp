#include "framework/model/model_spec.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <type_traits>
#include <utility>

#include "framework/core/error.h"
#include "ops/activation_kind.h"

namespace dendrite {

std::string ActivationSpec::str() const {
  if (alpha < 0) return kind;
  return fmt::format("{}({})", kind, alpha);
}

ActivationSpec ActivationSpec::parse(const std::string& text) {
  ActivationSpec a;
  const auto open = text.find('(');
  if (open == std::string::npos) {
    a.kind = text;
  } else {
    DENDRITE_CHECK(text.back() == ')', "activation '{}': expected name(alpha)", text);
    a.kind = text.substr(0, open);
    const std::string num = text.substr(open + 1, text.size() - open - 2);
    std::size_t used = 0;
    try {
      a.alpha = std::stod(num, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    DENDRITE_CHECK(used == num.size() && !num.empty() && std::isfinite(a.alpha) && a.alpha >= 0,
                   "activation '{}': '{}' is not a non-negative number", text, num);
  }
  parse_activation(a.kind);  // throws listing the known kinds
  return a;
}

std::int64_t ModelSpec::input_size() const {
  std::int64_t n = 1;
  for (auto d : input) n *= d;
  return n;
}

namespace {
constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

// Products and sums of sizes, saturating at INT64_MAX; negative sizes count as 0.
std::int64_t sat_mul(std::int64_t a, std::int64_t b) {
  a = std::max<std::int64_t>(a, 0);
  b = std::max<std::int64_t>(b, 0);
  if (a == 0 || b == 0) return 0;
  return a > kInt64Max / b ? kInt64Max : a * b;
}
std::int64_t sat_add(std::int64_t a, std::int64_t b) {
  a = std::max<std::int64_t>(a, 0);
  b = std::max<std::int64_t>(b, 0);
  return a > kInt64Max - b ? kInt64Max : a + b;
}
}  // namespace

std::int64_t ModelSpec::min_parameter_count() const {
  std::int64_t width = 1;  // of the current layer's input
  for (auto d : input) width = sat_mul(width, d);
  std::int64_t total = 0;
  for (const LayerSpec& l : layers) {
    if (l.type == "dense") {
      total = sat_add(total, sat_mul(sat_add(width, 1), l.units));  // weights and biases
      width = l.units;
      continue;
    }
    const std::int64_t n_dend = sat_mul(l.dendrites, l.somata);
    const bool dense_in = l.dense_input();
    // A sparse dendrite has k synapses (k * C for receptive fields; k <= width when it builds).
    const std::int64_t per_dendrite = dense_in ? width : std::min(std::max<std::int64_t>(l.synapses, 0), width);
    total = sat_add(total, sat_mul(sat_add(per_dendrite, 1), n_dend));
    const std::int64_t soma_weights = l.soma_connectivity == "dense" ? sat_mul(n_dend, l.somata) : n_dend;
    total = sat_add(total, sat_add(soma_weights, l.somata));
    width = l.somata;
  }
  return sat_add(total, sat_mul(sat_add(width, 1), classes));
}

namespace {
const char* const kInputConnectivity[] = {"random", "random_k", "lrf", "grf", "dense", "all_to_all"};
const char* const kSomaConnectivity[] = {"block", "random", "dense"};

template <std::size_t N>
bool one_of(const std::string& s, const char* const (&names)[N]) {
  for (const char* n : names)
    if (s == n) return true;
  return false;
}

template <std::size_t N>
std::string join(const char* const (&names)[N]) {
  std::string out;
  for (const char* n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}
}  // namespace

void ModelSpec::validate() const {
  DENDRITE_CHECK(input.size() == 3 && input[0] > 0 && input[1] > 0 && input[2] > 0,
                 "model '{}': input must be [H, W, C] with positive sizes", name);
  DENDRITE_CHECK(sat_mul(sat_mul(input[0], input[1]), input[2]) <= kMaxModelDim,
                 "model '{}': input [{}, {}, {}] has more than {} features", name, input[0], input[1], input[2],
                 kMaxModelDim);
  DENDRITE_CHECK(classes >= 2 && classes <= kMaxModelDim, "model '{}': classes must be in [2, {}], got {}", name,
                 kMaxModelDim, classes);
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& l = layers[i];
    const std::string where = fmt::format("model '{}' layer {}", name, i);
    DENDRITE_CHECK(l.dropout >= 0 && l.dropout < 1, "{}: dropout must be in [0, 1), got {}", where, l.dropout);
    for (const auto& [field_name, value] : {std::pair<const char*, std::int64_t>{"units", l.units},
                                            {"dendrites (D)", l.dendrites},
                                            {"somata (S)", l.somata},
                                            {"synapses (k)", l.synapses}})
      DENDRITE_CHECK(value <= kMaxModelDim, "{}: {} = {} exceeds the limit {}", where, field_name, value, kMaxModelDim);
    if (l.type == "dense") {
      DENDRITE_CHECK(l.units > 0, "{}: units must be positive, got {}", where, l.units);
    } else if (l.type == "dendritic") {
      DENDRITE_CHECK(l.dendrites > 0, "{}: dendrites (D) must be positive, got {}", where, l.dendrites);
      DENDRITE_CHECK(l.somata > 0, "{}: somata (S) must be positive, got {}", where, l.somata);
      DENDRITE_CHECK(one_of(l.input_connectivity, kInputConnectivity),
                     "{}: unknown input_connectivity '{}' (known: {})", where, l.input_connectivity,
                     join(kInputConnectivity));
      DENDRITE_CHECK(one_of(l.soma_connectivity, kSomaConnectivity),
                     "{}: unknown soma_connectivity '{}' (known: {})", where, l.soma_connectivity,
                     join(kSomaConnectivity));
      DENDRITE_CHECK(l.dense_input() || l.synapses > 0, "{}: synapses (k) must be positive, got {}", where, l.synapses);
    } else {
      throw Error(fmt::format("{}: unknown layer type '{}' (known: dense, dendritic)", where, l.type));
    }
  }
  const std::int64_t params = min_parameter_count();
  DENDRITE_CHECK(params <= kMaxModelParameters,
                 "model '{}' needs at least {} parameters, more than the {} dendrite supports", name, params,
                 kMaxModelParameters);
}

nlohmann::json to_json(const ModelSpec& spec) {
  nlohmann::json layers = nlohmann::json::array();
  for (const LayerSpec& l : spec.layers) {
    nlohmann::json j;
    j["type"] = l.type;
    if (l.type == "dense") {
      j["units"] = l.units;
      j["activation"] = l.activation.str();
    } else {
      j["dendrites"] = l.dendrites;
      j["somata"] = l.somata;
      j["synapses"] = l.synapses;
      j["input_connectivity"] = l.input_connectivity;
      j["soma_connectivity"] = l.soma_connectivity;
      j["dendrite_activation"] = l.dendrite_activation.str();
      j["soma_activation"] = l.soma_activation.str();
    }
    if (l.dropout > 0) j["dropout"] = l.dropout;
    layers.push_back(j);
  }
  return {{"name", spec.name}, {"input", spec.input}, {"classes", spec.classes},
          {"seed", spec.seed}, {"layers", layers}};
}

namespace {
// Integers must be JSON integers (not 8.5 or 1e300, which get<> would truncate or overflow),
// non-negative for unsigned fields.
template <class T>
bool integer_fits(const nlohmann::json& v) {
  if constexpr (std::is_unsigned_v<T>) return v.is_number_unsigned();
  if (!v.is_number_integer()) return false;
  return !v.is_number_unsigned() || v.get<std::uint64_t>() <= static_cast<std::uint64_t>(kInt64Max);
}

template <class T>
const char* expected_kind() {
  if constexpr (std::is_same_v<T, std::string>) return "a string";
  else if constexpr (std::is_same_v<T, std::vector<std::int64_t>>) return "an array of integers";
  else if constexpr (std::is_unsigned_v<T>) return "a non-negative integer";
  else if constexpr (std::is_integral_v<T>) return "an integer";
  else return "a number";
}

template <class T>
T field(const nlohmann::json& j, const char* key, const std::string& where, T fallback, bool required) {
  if (!j.contains(key)) {
    DENDRITE_CHECK(!required, "{}: missing field '{}'", where, key);
    return fallback;
  }
  const nlohmann::json& v = j.at(key);
  bool ok = true;
  if constexpr (std::is_integral_v<T>) {
    ok = integer_fits<T>(v);
  } else if constexpr (std::is_same_v<T, std::vector<std::int64_t>>) {
    ok = v.is_array();
    for (const auto& e : v) ok = ok && integer_fits<std::int64_t>(e);
  } else if constexpr (std::is_floating_point_v<T>) {
    ok = v.is_number();
  } else {
    ok = v.is_string();
  }
  if (!ok) {
    throw Error(fmt::format("{}: field '{}' must be {}, got {} {}", where, key, expected_kind<T>(), v.type_name(),
                            v.dump().substr(0, 40)));
  }
  return v.get<T>();
}

ActivationSpec activation_field(const nlohmann::json& j, const char* key, const std::string& where) {
  const std::string text = field<std::string>(j, key, where, "relu", false);
  try {
    return ActivationSpec::parse(text);
  } catch (const Error& e) {
    throw Error(fmt::format("{}: field '{}': {}", where, key, e.what()));
  }
}
}  // namespace

ModelSpec model_spec_from_json(const nlohmann::json& j) {
  DENDRITE_CHECK(j.is_object(), "model description: expected a JSON object, got {}", j.type_name());
  ModelSpec spec;
  spec.name = field<std::string>(j, "name", "model description", "custom", false);
  spec.input = field<std::vector<std::int64_t>>(j, "input", "model description", spec.input, false);
  spec.classes = field<std::int64_t>(j, "classes", "model description", 10, false);
  spec.seed = field<std::uint64_t>(j, "seed", "model description", 1, false);
  DENDRITE_CHECK(j.contains("layers") && j["layers"].is_array(),
                 "model description: missing array field 'layers'");
  for (std::size_t i = 0; i < j["layers"].size(); ++i) {
    const nlohmann::json& lj = j["layers"][i];
    const std::string where = fmt::format("model description: layers[{}]", i);
    DENDRITE_CHECK(lj.is_object(), "{}: expected an object", where);
    LayerSpec l;
    l.type = field<std::string>(lj, "type", where, "", true);
    l.units = field<std::int64_t>(lj, "units", where, 0, l.type == "dense");
    l.activation = activation_field(lj, "activation", where);
    l.dendrites = field<std::int64_t>(lj, "dendrites", where, 0, l.type == "dendritic");
    l.somata = field<std::int64_t>(lj, "somata", where, 0, l.type == "dendritic");
    l.synapses = field<std::int64_t>(lj, "synapses", where, 16, false);
    l.input_connectivity = field<std::string>(lj, "input_connectivity", where, "random", false);
    l.soma_connectivity = field<std::string>(lj, "soma_connectivity", where, "block", false);
    l.dendrite_activation = activation_field(lj, "dendrite_activation", where);
    l.soma_activation = activation_field(lj, "soma_activation", where);
    l.dropout = field<double>(lj, "dropout", where, 0.0, false);
    spec.layers.push_back(l);
  }
  spec.validate();
  return spec;
}

ModelSpec load_model_spec(const std::string& path) {
  std::error_code ec;
  DENDRITE_CHECK(!std::filesystem::is_directory(path, ec), "model description '{}' is a directory, not a file",
                 path);
  std::ifstream in(path);
  DENDRITE_CHECK(in.good(), "cannot open model description '{}': {}", path, std::strerror(errno));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(fmt::format("model description '{}': invalid JSON at byte {}: {}", path, e.byte, e.what()));
  } catch (const nlohmann::json::exception& e) {  // e.g. a number too large for a double
    throw Error(fmt::format("model description '{}': invalid JSON: {}", path, e.what()));
  }
  try {
    return model_spec_from_json(j);
  } catch (const Error& e) {
    throw Error(fmt::format("'{}': {}", path, e.what()));
  }
}

}  // namespace dendrite
