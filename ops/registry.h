// The list of every op. One line per op; each op file defines `OpDef make_<name>_op()`.
#pragma once

#define DENDRITE_OP_LIST(X) \
  X(dense)                  \
  X(activation)             \
  X(softmax_cross_entropy)  \
  X(dropout)                \
  X(dendritic)              \
  X(somatic)                \
  X(masked_dendritic)       \
  X(masked_somatic)         \
  X(normalize)
