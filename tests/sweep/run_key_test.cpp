// Run keys: SHA-256 (known vectors), the canonical configuration (the data set's content hash is
// tested in tests/data).
#include <gtest/gtest.h>

#include "framework/sweep/run_key.h"
#include "framework/data/sha256.h"

namespace dendrite {
namespace {

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 h;  // the same in pieces
  h.update("a", 1);
  h.update(std::string("bc"));
  EXPECT_EQ(h.hex_digest(), sha256_hex("abc"));
}

TEST(RunKey, CanonicalJsonSortsKeysWithoutSpaces) {
  const nlohmann::json a = nlohmann::json::parse(R"({"seed": 1, "model": "dann-r", "lr": 0.001, "x": [1, 2]})");
  const nlohmann::json b = nlohmann::json::parse(R"({"x":[1,2],"lr":1e-3,"model":"dann-r","seed":1})");
  EXPECT_EQ(canonical_json(a), R"({"lr":0.001,"model":"dann-r","seed":1,"x":[1,2]})");
  EXPECT_EQ(canonical_json(b), canonical_json(a));
}

TEST(RunKey, IsTheHashOfConfigDataAndVersion) {
  const nlohmann::json c = {{"model", "vann"}, {"seed", 2}};
  EXPECT_EQ(run_key(c, "H", "0.1.0"), sha256_hex(R"({"model":"vann","seed":2})" "\nH\n0.1.0"));
  EXPECT_NE(run_key(c, "H", "0.1.0"), run_key(c, "G", "0.1.0"));
  EXPECT_NE(run_key(c, "H", "0.1.0"), run_key(c, "H", "0.1.1"));
  EXPECT_NE(run_key(c, "H", "0.1.0"), run_key({{"model", "vann"}, {"seed", 3}}, "H", "0.1.0"));
}

}  // namespace
}  // namespace dendrite
