// The validation split of a training set, by one of two rules:
//   - stratified (the default): the samples of each class are shuffled with the run's seed and
//     each class gives its share of the validation set (scikit-learn's
//     train_test_split(x, y, test_size=f, stratify=y, shuffle=True)), so a file whose samples are
//     ordered by class still trains on every class. The split depends only on the samples, not on
//     their order in the file: they are first put in a canonical order (by label, then by their
//     values), so the same data shuffled or sorted gives the same two sets in the same order.
//   - last: the last round(f * N) samples of the file, as Keras' validation_split (and dendrite
//     before the stratified rule) does; for reproducing an older protocol.
//
//   auto [fit, val] = split_validation(std::move(train), 0.1, ValidationSplit::stratified, seed);
//   for (const std::string& w : validation_split_warnings(train, 0.1, ValidationSplit::last)) ...
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "framework/data/dataset.h"

namespace dendrite {

enum class ValidationSplit { stratified, last };

// "stratified" | "last"; Error naming the value otherwise.
ValidationSplit parse_validation_split(const std::string& name);
const char* validation_split_name(ValidationSplit rule);

// The random stream of the stratified split: Rng(seed ^ kValidationSplitStream).
inline constexpr std::uint64_t kValidationSplitStream = 0x73706c6974ULL;  // "split"

// The validation samples each class gives when `n_val` of the samples are held out and class c
// has class_sizes[c]: floor(n_val * n_c / N) each, the rest one by one to the classes with the
// largest remainders (ties: the lower class). The counts add up to n_val; each is below n_c when
// n_val < N.
std::vector<std::int64_t> stratified_validation_counts(const std::vector<std::int64_t>& class_sizes,
                                                       std::int64_t n_val);

// (train, validation) by `rule`, round(fraction * N) samples held out, fraction in [0, 1). With
// fraction 0 (nothing held out) the data set is returned as it is, whatever the rule. A data set
// whose storage is shared is copied first; one given up with std::move is reordered in place.
std::pair<Dataset, Dataset> split_validation(Dataset&& d, double fraction, ValidationSplit rule,
                                             std::uint64_t seed);

// What a user should know about the split before training: a class left without training samples,
// or (rule last) training labels ordered by class, so that the last samples are a few classes only.
std::vector<std::string> validation_split_warnings(const Dataset& train, double fraction, ValidationSplit rule);

}  // namespace dendrite
