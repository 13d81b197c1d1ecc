// The oneDNN context of the process, seen from outside ops/onednn (no dnnl.hpp here).
// oneDNN runs on one CPU engine and one in-order stream shared by every kernel; they are created
// on first use. Kernels that need the engine include ops/onednn/dnnl_context.h (private to this
// folder).
//
//   fmt::print("oneDNN {}\n", onednn::version());   // "2.6.3"
#pragma once

#include <string>

namespace dendrite::onednn {

// "major.minor.patch" of the oneDNN library linked at run time.
std::string version();

}  // namespace dendrite::onednn
