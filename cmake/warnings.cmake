# dendrite_warnings: the warning flags every target of ours uses.
add_library(dendrite_warnings INTERFACE)
target_compile_options(dendrite_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wno-unused-parameter $<$<BOOL:${DENDRITE_WERROR}>:-Werror>)
