// Reads a trace written by ONNX Runtime's profiler (OrtModel with a profile prefix; Chrome trace
// JSON) and sums the kernel time of every node by op type: where a session spends its time.
//
//   for (const OpTime& t : ort_op_times(model.end_profiling())) ... t.op, t.calls, t.total_us ...
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dendrite {

struct OpTime {
  std::string op;  // ONNX op type, e.g. "Dendritic", "LeakyRelu", "Gemm"
  std::int64_t calls = 0;
  double total_us = 0.0;
};

// Sorted by total time, largest first. Throws dendrite::Error naming the file when it cannot be
// read or is not such a trace.
std::vector<OpTime> ort_op_times(const std::string& trace_path);

}  // namespace dendrite
