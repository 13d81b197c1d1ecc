// The performance targets `dendrite-bench` reports, each a ratio or a value measured in the run
// (never asserted in a test): the sparse layers against the masked ones and the memory of a
// training run (dANN-GRF 16 x 256), and the fused dendritic-layer kernel (dANN-R 16 x 64 and
// dANN-GRF 16 x 256): training with it against without it, the DendriticLayer file against the
// four-node file in ONNX Runtime with the plugin, large batches, and the second thread.
//
//   for (const Target& t : bench_targets(results, ctx)) if (t.available) ... t.met() ...
#pragma once

#include <string>
#include <vector>

#include "benchmarks/bench_report.h"

namespace dendrite::bench {

struct Target {
  std::string name, what;
  double value = 0, limit = 0;
  bool at_least = true;  // value >= limit (else value <= limit)
  bool available = false;
  bool met() const { return available && (at_least ? value >= limit : value <= limit); }
};

// Every target, available or not (its case or measurement may be missing from the run).
std::vector<Target> bench_targets(const std::vector<BenchResult>& results, const BenchContext& ctx);

}  // namespace dendrite::bench
