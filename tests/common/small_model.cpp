#include "tests/common/small_model.h"

namespace dendrite::test {

VariantOptions small_options() {
  VariantOptions o;
  o.input = {8, 8, 1};
  o.classes = 4;
  o.seed = 3;
  o.dendrites = 4;
  o.somata = 8;
  o.synapses = 6;
  o.hidden = {16};
  return o;
}

ModelSpec small_spec(const std::string& variant) { return variant_spec(variant, small_options()); }

}  // namespace dendrite::test
