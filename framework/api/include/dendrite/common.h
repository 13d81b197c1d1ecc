// What every public dendrite header shares: the export macro of libdendrite.so and the version.
//
//   std::printf("dendrite %s\n", dendrite::api::version().c_str());   // "0.1.0"
//   dendrite::api::set_threads(2);                                      // compute threads
//
// Errors: every function of the API reports bad input (a missing or damaged file, an unknown
// name, a description that cannot be built, data that does not fit the model) by throwing
// std::runtime_error with a one-line message naming the file, the field or the value. Nothing in
// the API exits the process.
#pragma once

#include <string>

// libdendrite.so exports only what carries this mark; everything else in it is hidden.
#define DENDRITE_API __attribute__((visibility("default")))

namespace dendrite::api {

// The library's version (the project's version, as in checkpoints and exported files).
DENDRITE_API std::string version();

// Threads the training and evaluation kernels use (OpenMP); 0 restores one per core. It applies to
// the whole process, as OMP_NUM_THREADS does.
DENDRITE_API void set_threads(int threads);

}  // namespace dendrite::api
