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

TrainConfig small_train_config(std::int64_t epochs) {
  TrainConfig c;
  c.epochs = epochs;
  c.batch = 32;
  c.seed = 5;
  c.quiet = true;
  c.optimizer.lr = 1e-2;
  return c;
}

}  // namespace dendrite::test
