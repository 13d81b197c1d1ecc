// A count of the global operator new calls made by the test program (alloc_counter.cpp replaces
// operator new), for tests that check a steady-state loop allocates nothing.
#pragma once

namespace dendrite::testing {

long allocation_count();

}  // namespace dendrite::testing
