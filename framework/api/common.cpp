// version() and set_threads().
#include "dendrite/common.h"

#include <omp.h>

#include "framework/core/error.h"
#include "framework/core/version.h"

namespace dendrite::api {

std::string version() { return framework_version(); }

void set_threads(int threads) {
  DENDRITE_CHECK(threads >= 0, "set_threads: the thread count must be 0 (one per core) or positive, got {}", threads);
  omp_set_num_threads(threads > 0 ? threads : omp_get_num_procs());
}

}  // namespace dendrite::api
