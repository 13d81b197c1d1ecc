#include "export/runtime/ort_profile.h"

#include <algorithm>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "framework/core/error.h"

namespace dendrite {

std::vector<OpTime> ort_op_times(const std::string& trace_path) {
  std::ifstream in(trace_path);
  DENDRITE_CHECK(in.good(), "cannot read the ONNX Runtime profile '{}'", trace_path);
  const nlohmann::json trace = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  DENDRITE_CHECK(trace.is_array(), "'{}' is not an ONNX Runtime profile (a JSON array of events)", trace_path);
  // Node events: {"cat": "Node", "name": "<node>_kernel_time", "dur": us, "args": {"op_name": ...}}.
  std::map<std::string, OpTime> by_op;
  for (const nlohmann::json& event : trace) {
    if (!event.is_object() || event.value("cat", "") != "Node") continue;
    const std::string name = event.value("name", "");
    const std::string suffix = "_kernel_time";
    if (name.size() < suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    const auto args = event.find("args");
    const auto dur = event.find("dur");
    if (args == event.end() || !args->is_object() || dur == event.end() || !dur->is_number()) continue;
    const std::string op = args->value("op_name", "?");
    OpTime& t = by_op[op];
    t.op = op;
    ++t.calls;
    t.total_us += dur->get<double>();
  }
  std::vector<OpTime> out;
  for (auto& [op, t] : by_op) out.push_back(t);
  std::sort(out.begin(), out.end(), [](const OpTime& a, const OpTime& b) { return a.total_us > b.total_us; });
  return out;
}

}  // namespace dendrite
