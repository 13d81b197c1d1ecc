// Shared by the export tests: small models of every kind, random inputs, logits from the
// framework's executor, temporary files, and whether the dendritic ops are available yet.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "framework/core/tensor.h"
#include "framework/model/model.h"

namespace dendrite::export_test {

// Hidden dense layers, one per activation kind (leaky_relu and elu with a non-default alpha),
// test-size input (test::small_options), 3 classes.
ModelSpec mlp_every_activation();
// A variant of the paper at test size (test::small_options) with k = 4, 3 classes and GELU somata.
ModelSpec small_variant(const std::string& variant, std::int64_t layers = 1);
// Every variant name except mlp.
std::vector<std::string> dendritic_variants();

Tensor random_inputs(std::int64_t n, std::int64_t features, std::uint64_t seed);
Tensor logits_of(Model& m, const Tensor& x);

// <the running test's TempDir>/name (tests/common/temp_dir.h): removed when the test ends.
std::filesystem::path temp_file(const std::string& name);
void write_bytes(const std::filesystem::path& p, const std::string& bytes);
std::string read_bytes(const std::filesystem::path& p);
// Exit code of /usr/bin/python3 running onnx.checker and strict shape inference on the files
// (one interpreter for all); -1 when that interpreter has no onnx module.
int python_onnx_check(const std::vector<std::filesystem::path>& files);

}  // namespace dendrite::export_test
