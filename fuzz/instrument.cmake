# Included by the top-level CMakeLists.txt when DENDRITE_FUZZ=ON, before any target is defined:
# every target of that build gets libFuzzer's coverage instrumentation and AddressSanitizer +
# UndefinedBehaviorSanitizer; the fuzz targets (fuzz/CMakeLists.txt) add libFuzzer's main.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "DENDRITE_FUZZ=ON needs clang for libFuzzer: configure with -DCMAKE_CXX_COMPILER=clang++ "
                      "(see tools/run_tests.sh --fuzz)")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
  -fno-omit-frame-pointer -g)
add_link_options(-fsanitize=address,undefined)
# ops/cpu uses GCC's __builtin_shuffle, which clang lacks: a lane-by-lane stand-in for this build.
add_compile_options(-include ${CMAKE_CURRENT_LIST_DIR}/gcc_vector_shuffle.h -Wno-psabi)
