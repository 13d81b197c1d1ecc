// DENDRITE_MULTIVERSION: compiles a hot function once per x86 vector ISA (AVX-512, AVX2,
// baseline) and picks the best one for the running CPU when the program loads (GCC/Clang
// function multiversioning), so the binary stays portable without -march flags.
//
//   DENDRITE_MULTIVERSION void axpy_rows(...);
//
// NOTE [multiversion and OpenMP]: put it on the per-chunk worker that an OpenMP loop calls,
// not on the function holding the `#pragma omp parallel for`: the outlined parallel body is
// not cloned and would run the baseline code.
#pragma once

#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define DENDRITE_MULTIVERSION __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#endif
#ifndef DENDRITE_MULTIVERSION
#define DENDRITE_MULTIVERSION
#endif
