// RunConfig: the JSON round trip, refusals naming the field, and the two rules that follow from
// each field's role: the canonical form (a sweep's run identity) and the resume rule.
#include "framework/train/run_config.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <type_traits>

#include "framework/model/variants.h"
#include "tests/common/expect_error.h"

namespace dendrite {
namespace {

// Another valid value of a field (what the test changes it to).
template <class T>
T other_value(const std::string& key, const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return !v;
  } else if constexpr (std::is_integral_v<T>) {
    return v + 1;
  } else if constexpr (std::is_floating_point_v<T>) {
    return v * 0.5 + 0.01;
  } else {
    static const std::map<std::string, std::string> others = {
        {"dataset", "fashion-mnist"},  {"data_dir", "/tmp/other"},       {"train_images", "a.idx"},
        {"train_labels", "b.idx"},     {"test_images", "c.idx"},          {"test_labels", "d.idx"},
        {"cifar100_labels", "coarse"}, {"model", "dann-lrf"},             {"model_file", "m.json"},
        {"hidden", "32,16"},           {"activation", "tanh"},            {"dendrite_activation", "relu"},
        {"soma_activation", "gelu"},   {"normalize", "feature"},          {"impl", "masked"},
        {"optimizer", "adamw"},        {"lr_schedule", "cosine"},         {"validation_split", "last"},
        {"data", "d.npz"},             {"train_data", "a.npz"},           {"test_data", "b.npz"}};
    const auto it = others.find(key);
    EXPECT_NE(it, others.end()) << "no other value for the string field '" << key << "'";
    return it == others.end() ? v + "x" : it->second;
  }
}

// `c` with the field `key` changed.
RunConfig changed(RunConfig c, const std::string& key) {
  for_each_run_config_field(c, [&](const RunConfigField& f, auto& v) {
    if (key == f.key) v = other_value(key, v);
  });
  return c;
}

// The spec of a configuration's model (what the tool builds from the model options).
ModelSpec spec_of(const RunConfig& c) {
  VariantOptions v;
  v.seed = c.seed;
  v.dendrites = c.model.dendrites;
  v.somata = c.model.somata;
  v.synapses = c.model.synapses;
  v.layers = c.model.layers;
  v.dropout = c.model.dropout;
  v.dendrite_activation = ActivationSpec::parse(c.model.dendrite_activation);
  v.soma_activation = ActivationSpec::parse(c.model.soma_activation);
  v.hidden.clear();
  for (std::size_t start = 0;;) {
    const std::size_t end = c.model.hidden.find(',', start);
    v.hidden.push_back(std::stoll(c.model.hidden.substr(start, end - start)));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  v.activations = {ActivationSpec::parse(c.model.activation)};
  ModelSpec spec = variant_spec(c.model.model, v);
  if (!c.model.normalize.empty()) spec.normalize = c.model.normalize;
  return spec;
}

nlohmann::json canonical(const RunConfig& c) { return canonical_run_config(c, spec_of(c), resolved_epochs(c, "mnist")); }

// Configurations that, between them, use every option: a dANN under Adam with a step schedule
// and early stopping, an mlp under SGD with the plateau schedule and the input stage, a cosine run.
std::vector<RunConfig> varied_configs() {
  RunConfig dann;
  dann.model.model = "dann-r";
  dann.protocol.lr_schedule.kind = "step";
  dann.protocol.lr_schedule.step_size = 2;
  dann.protocol.lr_schedule.warmup_epochs = 1;
  dann.protocol.early_stop = 3;
  RunConfig mlp;
  mlp.optimizer.type = "sgd";
  mlp.optimizer.momentum = 0.5;
  mlp.model.normalize = "global";
  mlp.protocol.lr_schedule.kind = "plateau";
  RunConfig cosine = dann;
  cosine.protocol.lr_schedule.kind = "cosine";
  return {dann, mlp, cosine};
}

TEST(RunConfig, JsonRoundTripOfEveryField) {
  RunConfig c;
  EXPECT_EQ(RunConfig::from_json(c.to_json()).to_json(), c.to_json());
  for (const RunConfigField& f : run_config_fields()) {
    const RunConfig d = changed(c, f.key);
    EXPECT_NE(d.to_json(), c.to_json()) << f.key << " is not written";
    EXPECT_EQ(RunConfig::from_json(d.to_json()).to_json(), d.to_json()) << f.key << " does not come back";
    EXPECT_EQ(RunConfig::from_json(d.to_json()).to_json()[f.key], d.to_json()[f.key]) << f.key;
  }
  // Every key of the JSON is a listed field, each once.
  std::set<std::string> keys;
  for (const RunConfigField& f : run_config_fields()) EXPECT_TRUE(keys.insert(f.key).second) << f.key;
  EXPECT_EQ(keys.size(), c.to_json().size());
}

TEST(RunConfig, FromJsonRefusesUnknownFieldsAndWrongTypes) {
  test::expect_error([] { RunConfig::from_json({{"batch_size", 32}}); }, {"unknown field 'batch_size'"});
  test::expect_error([] { RunConfig::from_json({{"batch", 1.5}}); }, {"'batch' = 1.5", "an integer"});
  test::expect_error([] { RunConfig::from_json({{"seed", -1}}); }, {"'seed' = -1"});
  test::expect_error([] { RunConfig::from_json({{"lr", "fast"}}); }, {"'lr' = \"fast\"", "a finite number"});
  test::expect_error([] { RunConfig::from_json({{"sequential", 1}}); }, {"'sequential' = 1", "true or false"});
  test::expect_error([] { RunConfig::from_json({{"model", std::string("relu\0evil", 9)}}); }, {"'model'", "NUL"});
  test::expect_error([] { RunConfig::from_json({{"threads", 1e12}}); }, {"'threads'"});
  test::expect_error([] { RunConfig::from_json(nlohmann::json::array()); }, {"must be a JSON object"});
  // Only what is given changes; the rest keeps its default.
  const RunConfig c = RunConfig::from_json({{"batch", 32}, {"dendrite_activation", "relu"}});
  EXPECT_EQ(c.batch, 32);
  EXPECT_EQ(c.model.dendrite_activation, "relu");
  EXPECT_EQ(c.seed, 1u);
}

TEST(RunConfig, CheckNamesTheField) {
  RunConfig c;
  c.check();
  const auto refused = [](const RunConfig& bad_config, const std::string& field) {
    test::expect_error([&] { bad_config.check(); }, {field});
  };
  RunConfig bad = c;
  bad.batch = 0;
  refused(bad, "batch: must be >= 1, got 0");
  bad = c;
  bad.validation = 1.0;
  refused(bad, "validation: must be a fraction in [0, 1)");
  bad = c;
  bad.seed = std::uint64_t{1} << 63;
  refused(bad, "seed: must be at most 2^63 - 1");
  bad = c;
  bad.model.dropout = std::nan("");
  refused(bad, "dropout:");
  bad = c;
  bad.optimizer.type = "adagrad";
  refused(bad, "adagrad");
  bad = c;
  bad.protocol.lr_schedule.kind = "step";
  refused(bad, "lr_schedule: step_size");
}

TEST(RunConfig, DefaultEpochsComeFromTheCatalog) {
  RunConfig c;
  EXPECT_EQ(resolved_epochs(c, "mnist"), 15);
  EXPECT_EQ(resolved_epochs(c, "fashion-mnist"), 25);
  EXPECT_EQ(resolved_epochs(c, "kmnist"), 25);
  EXPECT_EQ(resolved_epochs(c, "emnist-letters"), 50);
  EXPECT_EQ(resolved_epochs(c, "cifar100"), 50);
  EXPECT_EQ(resolved_epochs(c, "idx"), 10);
  c.epochs = 3;
  EXPECT_EQ(resolved_epochs(c, "kmnist"), 3);
}

// The canonical form follows the roles: a field without a role, or of the data, never changes it;
// every other field changes it in at least one of the varied configurations.
TEST(RunConfig, CanonicalFormFollowsTheRoles) {
  for (const RunConfigField& f : run_config_fields()) {
    if (std::string(f.key) == "model_file") continue;  // a sweep refuses it (the key cannot cover the file)
    bool changes = false;
    for (const RunConfig& c : varied_configs()) {
      if (std::string(f.key) == "epochs") continue;  // resolved by the caller, below
      changes = changes || canonical(changed(c, f.key)) != canonical(c);
    }
    if (std::string(f.key) == "epochs") changes = true;
    const bool shapes = f.role != FieldRole::none && f.group != FieldGroup::data;
    EXPECT_EQ(changes, shapes) << f.key;
  }
  // Options the run does not use are left out: SGD's momentum under Adam, the mlp's sizes for a dANN.
  const RunConfig dann = varied_configs()[0];
  EXPECT_FALSE(canonical(dann).contains("momentum"));
  EXPECT_FALSE(canonical(dann).contains("hidden"));
  EXPECT_TRUE(canonical(dann).contains("lr_step_size"));
  EXPECT_FALSE(canonical(dann).contains("lr_patience"));
  RunConfig vann = dann;
  vann.model.model = "vann";
  EXPECT_FALSE(canonical(vann).contains("synapses"));
  EXPECT_EQ(canonical(changed(vann, "synapses")), canonical(vann));
  // Spellings are normalised: leaky_relu(0.10) is leaky_relu(0.1).
  RunConfig spelled = dann;
  spelled.model.dendrite_activation = "leaky_relu(0.10)";
  EXPECT_EQ(canonical(spelled), canonical(dann));
}

// The canonical form of the paper grid's dANN-R D16 S64 seed 1 on MNIST as written by the sweep
// before RunConfig existed: the run keys of existing stores must not change for the runs whose
// result is the same. Those runs held out the last samples (--validation-split last); under the
// default stratified split the result differs, and so does the form (and the key).
TEST(RunConfig, CanonicalFormIsTheSweepsFormBeforeRunConfig) {
  RunConfig c;
  c.model.model = "dann-r";
  c.epochs = 15;
  nlohmann::json stratified = canonical_run_config(c, spec_of(c), 15);
  EXPECT_EQ(stratified["validation_split"], "stratified");
  c.validation = 0;  // nothing held out: the rule makes no difference, and is left out
  EXPECT_FALSE(canonical_run_config(c, spec_of(c), 15).contains("validation_split"));
  c.validation = 0.1;
  c.validation_split = "last";
  const nlohmann::json expected = nlohmann::json::parse(
      R"j({"batch":128,"beta1":0.9,"beta2":0.999,"dendrite_activation":"leaky_relu(0.1)","dendrites":16,)j"
      R"j("dropout":0.0,"epochs":15,"eps":1e-07,"impl":"sparse","input_noise":0.0,"layers":1,"lr":0.001,)j"
      R"j("model":"dann-r","optimizer":"adam","seed":1,"sequential":false,"soma_activation":"leaky_relu(0.1)",)j"
      R"j("somata":64,"synapses":16,"validation":0.1,"weight_decay":0.0})j");
  EXPECT_EQ(canonical_run_config(c, spec_of(c), 15).dump(), expected.dump());
  stratified.erase("validation_split");
  EXPECT_EQ(stratified.dump(), expected.dump()) << "the rule is the only difference";
}

ResumeRule rule_given(std::set<std::string> given) {
  ResumeRule r;
  r.given = [given](const std::string& key) { return given.count(key) > 0; };
  r.contradiction = [](const std::string& message) { throw Error(message); };
  return r;
}

// The resume rule follows the roles: an identity field keeps the recorded value (another one given
// is an error), a steering field takes the given value and reports it, a field without a role is
// the command line's.
TEST(RunConfig, ResumeRuleFollowsTheRoles) {
  RunConfig recorded_run = varied_configs()[0];
  const nlohmann::json recorded = recorded_run.to_json();
  const std::set<std::string> caller_keys = {"dataset",     "train_images", "train_labels", "test_images",
                                             "test_labels", "data",         "train_data",   "test_data"};
  for (const RunConfigField& f : run_config_fields()) {
    if (caller_keys.count(f.key) > 0) continue;
    const RunConfig given = changed(recorded_run, f.key);
    // Not given on the command line: the recorded value, whatever the role (none: the command line's).
    RunConfig taken = given;
    const auto quiet = apply_recorded_run_config(taken, recorded, rule_given({}), "ckpt");
    EXPECT_TRUE(quiet.empty()) << f.key;
    EXPECT_EQ(taken.to_json()[f.key], (f.role == FieldRole::none ? given : recorded_run).to_json()[f.key]) << f.key;
    // Given with another value.
    RunConfig c = given;
    if (f.role == FieldRole::identity) {
      test::expect_error([&] { apply_recorded_run_config(c, recorded, rule_given({f.key}), "ckpt"); },
                         {"contradicts the checkpoint"});
    } else {
      const auto changes = apply_recorded_run_config(c, recorded, rule_given({f.key}), "ckpt");
      EXPECT_EQ(c.to_json()[f.key], given.to_json()[f.key]) << f.key;
      EXPECT_EQ(changes.size(), f.role == FieldRole::steering ? 1u : 0u) << f.key;
    }
  }
  // Whether early stopping is on is part of the run; its patience steers.
  RunConfig off = recorded_run;
  off.protocol.early_stop = -1;
  RunConfig on = off;
  on.protocol.early_stop = 2;
  test::expect_error([&] { apply_recorded_run_config(on, off.to_json(), rule_given({"early_stop"}), "ckpt"); },
                     {"--early-stop contradicts the checkpoint, whose run has no early stopping"});
}

// A checkpoint written before RunConfig records the nested form; it reads as the same fields.
TEST(RunConfig, RecordedFormOfOlderCheckpoints) {
  const nlohmann::json old = nlohmann::json::parse(
      R"({"dataset":"idx","validation":0.1,"input_noise":0.0,"sequential":false,"seed":3,"batch":16,"epochs":1,)"
      R"("optimizer":{"type":"adam","lr":0.001,"momentum":0.0,"nesterov":false,"beta1":0.9,"beta2":0.999,)"
      R"("eps":1e-07,"weight_decay":0.0},"data":{"train_images":"a","train_labels":"b","test_images":"c",)"
      R"("test_labels":"d"}})");
  const nlohmann::json flat = recorded_run_config(old);
  const RunConfig c = RunConfig::from_json(flat);
  EXPECT_EQ(c.seed, 3u);
  EXPECT_EQ(c.batch, 16);
  EXPECT_EQ(c.optimizer.type, "adam");
  EXPECT_EQ(c.data.train_images, "a");
  // Before schedules and early stopping: the constant schedule, no early stopping.
  EXPECT_EQ(flat["lr_schedule"], "constant");
  EXPECT_EQ(flat["early_stop"], -1);
  EXPECT_FALSE(flat.contains("threads"));
  // Before the split had a rule: the last samples were held out.
  EXPECT_EQ(flat["validation_split"], "last");
  EXPECT_EQ(recorded_run_config(c.to_json()), c.to_json());
  nlohmann::json flat_before_rule = c.to_json();
  flat_before_rule.erase("validation_split");
  EXPECT_EQ(recorded_run_config(flat_before_rule)["validation_split"], "last");
}

}  // namespace
}  // namespace dendrite
