// Grid files (`dendrite sweep --grid-file FILE.json`): any grid as JSON. All members are
// optional; "description" is free text.
//
//   {"description": "dANN-R against the vANN at three sizes",
//    "fixed": {"epochs": 15, "batch": 128},
//    "axes":  {"model": ["dann-r", "vann"], "dendrites": [1, 4, 16], "input_noise": [0, 0.5]},
//    "extra": [{"model": "mlp", "hidden": "256,128"}]}     // run over the seeds (and D, merged away)
//
// Names are `dendrite train` options without the leading dashes ("input_noise" or "input-noise");
// values are strings, numbers or booleans
// (a flag such as "sequential" takes true or false). Axes keep the file's order. Every problem
// throws Error naming the file and the field ("grid.json: axes.dendrites[2]: ...").
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "framework/sweep/grid.h"

namespace dendrite {

// What the caller knows about options: `option` throws Error (the reason, e.g. "not a dendrite
// train option") for a name a configuration may not set; `value` throws Error for a value the
// option does not take. Either may be empty.
// `key` gives the name under which a configuration keeps the option (e.g. "input-noise" ->
// "input_noise"), so that two spellings of one option are one axis.
struct GridChecks {
  std::function<void(const std::string& option)> option;
  std::function<void(const std::string& option, const nlohmann::json& value)> value;
  std::function<std::string(const std::string& option)> key;
};

Grid read_grid_file(const std::string& path, const GridChecks& checks = {});
// The same from parsed JSON; `source` prefixes the messages.
Grid grid_from_json(const nlohmann::ordered_json& j, const std::string& source, const GridChecks& checks = {});

}  // namespace dendrite
