// Checkpoint files: round trip, the documented layout, every kind of corruption the loader must
// name, and atomic saves that never damage the previous file.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>

#include "framework/core/error.h"
#include "framework/train/checkpoint.h"
#include "framework/train/crc32.h"
#include "tests/common/expect_error.h"
#include "tests/common/temp_dir.h"

namespace dendrite {
namespace {

using test::expect_error;

namespace fs = std::filesystem;

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void put_u32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>(v >> (8 * i));
}
void put_u64(std::string& s, std::size_t at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>(v >> (8 * i));
}
std::uint64_t get_u64(const std::string& s, std::size_t at) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)])} << (8 * i);
  return v;
}

// Replaces the trailing CRC so that only the structural checks can fail.
void fix_crc(std::string& s) { put_u32(s, s.size() - 4, crc32(s.data(), s.size() - 4)); }

// Builds a file from a header text and a data section, laid out as checkpoint.h describes.
std::string assemble(const std::string& header, const std::string& data) {
  std::string s(20, '\0');
  std::memcpy(s.data(), "DNDRCKPT", 8);
  put_u32(s, 8, 1);
  put_u64(s, 12, header.size());
  s += header;
  s.resize((s.size() + 63) / 64 * 64, '\0');
  s += data;
  s.resize(s.size() + 4);
  fix_crc(s);
  return s;
}

// A header with one f32 tensor "w" of shape [2, 3]: 24 bytes at offset 0.
nlohmann::json one_tensor_header() {
  return {{"meta", {{"k", 1}}},
          {"data_bytes", 24},
          {"tensors", {{{"name", "w"}, {"dtype", "f32"}, {"shape", {2, 3}}, {"offset", 0}, {"nbytes", 24}}}}};
}

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override { path_ = (dir_ / "model.ckpt").string(); }

  static Checkpoint sample() {
    Checkpoint c;
    c.meta = {{"epoch", 3}, {"name", "dANN-R"}, {"history", {0.5, 0.25}}, {"nested", {{"a", nullptr}}}};
    c.tensors.emplace_back("dense1.w", Tensor::from_f32({2, 3}, {1.5f, -2.0f, 0.0f, -0.0f, 3.25e-8f, 1e30f}));
    c.tensors.emplace_back("dense1.idx", Tensor::from_i32({3}, {7, -1, 2147483647}));
    c.tensors.emplace_back("scalar", Tensor::from_f32({}, {42.0f}));
    c.tensors.emplace_back("empty", Tensor({0, 5}));
    c.tensors.emplace_back("big", Tensor({100}));
    return c;
  }

  // Saves a sample, applies `corrupt` to the bytes, and returns what loading then says.
  template <class F>
  void corrupt_and_write(F corrupt) {
    save_checkpoint(path_, sample());
    std::string bytes = read_bytes(path_);
    corrupt(bytes);
    write_bytes(path_, bytes);
  }

  std::vector<std::string> temp_files() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_))
      if (e.path().filename().string().find(".tmp.") != std::string::npos) out.push_back(e.path().string());
    return out;
  }

  const test::TempDir temp_;
  const fs::path dir_ = temp_.path();
  std::string path_;
};

TEST(Crc32, KnownValues) {
  EXPECT_EQ(crc32("123456789", 9), 0xCBF43926u);
  EXPECT_EQ(crc32("", 0), 0u);
  EXPECT_EQ(crc32("a", 1), 0xE8B7BE43u);
  // Chained updates equal one pass.
  EXPECT_EQ(crc32_update(crc32("1234", 4), "56789", 5), 0xCBF43926u);
}

TEST_F(CheckpointTest, RoundTripIsBitwiseExact) {
  const Checkpoint c = sample();
  save_checkpoint(path_, c);
  const Checkpoint back = load_checkpoint(path_);
  EXPECT_EQ(back.meta, c.meta);
  EXPECT_EQ(back.path, path_);
  ASSERT_EQ(back.tensors.size(), c.tensors.size());
  for (std::size_t i = 0; i < c.tensors.size(); ++i) {
    EXPECT_EQ(back.tensors[i].first, c.tensors[i].first);
    EXPECT_TRUE(back.tensors[i].second.bitwise_equal(c.tensors[i].second)) << c.tensors[i].first;
  }
  EXPECT_EQ(back.tensor("dense1.idx").i32()[2], 2147483647);
  EXPECT_EQ(back.find("nope"), nullptr);
  expect_error([&] { back.tensor("nope"); }, {path_, "no tensor 'nope'", "dense1.w"});
  EXPECT_TRUE(temp_files().empty());
}

TEST_F(CheckpointTest, EmptyCheckpointRoundTrips) {
  save_checkpoint(path_, Checkpoint{});
  const Checkpoint back = load_checkpoint(path_);
  EXPECT_TRUE(back.meta.is_null());
  EXPECT_TRUE(back.tensors.empty());
}

// Reads the file as checkpoint.h documents it, independently of the loader.
TEST_F(CheckpointTest, LayoutIsAsDocumented) {
  save_checkpoint(path_, sample());
  const std::string s = read_bytes(path_);
  EXPECT_EQ(s.substr(0, 8), "DNDRCKPT");
  EXPECT_EQ(s[8], 1);
  EXPECT_EQ(s.substr(9, 3), std::string(3, '\0'));
  const std::uint64_t header_len = get_u64(s, 12);
  const auto header = nlohmann::json::parse(s.substr(20, header_len));
  const std::uint64_t data_start = (20 + header_len + 63) / 64 * 64;
  const auto data_bytes = header.at("data_bytes").get<std::uint64_t>();
  EXPECT_EQ(s.size(), data_start + data_bytes + 4);
  std::uint32_t stored = 0;
  std::memcpy(&stored, s.data() + s.size() - 4, 4);
  EXPECT_EQ(stored, crc32(s.data(), s.size() - 4));
  const auto& w = header.at("tensors").at(0);
  EXPECT_EQ(w.at("name"), "dense1.w");
  EXPECT_EQ(w.at("dtype"), "f32");
  EXPECT_EQ(w.at("shape"), nlohmann::json({2, 3}));
  EXPECT_EQ(w.at("nbytes"), 24);
  for (const auto& t : header.at("tensors")) EXPECT_EQ(t.at("offset").get<std::uint64_t>() % 64, 0u) << t;
  float first = 0;
  std::memcpy(&first, s.data() + data_start + w.at("offset").get<std::uint64_t>(), 4);
  EXPECT_EQ(first, 1.5f);
}

TEST_F(CheckpointTest, FlippedByteIsAChecksumMismatch) {
  corrupt_and_write([](std::string& s) { s[s.size() - 10] ^= 0x01; });  // inside tensor data
  expect_error([&] { load_checkpoint(path_); }, {path_, "checksum mismatch", "expected CRC-32 0x", "actual 0x"});
}

TEST_F(CheckpointTest, FlippedHeaderByteNamesBothProblems) {
  corrupt_and_write([](std::string& s) { s[20] = '['; });  // the header's opening brace
  expect_error([&] { load_checkpoint(path_); }, {"malformed JSON header", "checksum does not match either"});
}

TEST_F(CheckpointTest, TruncatedFile) {
  corrupt_and_write([](std::string& s) { s.resize(s.size() - 100); });
  expect_error([&] { load_checkpoint(path_); }, {path_, "truncated"});
  corrupt_and_write([](std::string& s) { s.resize(10); });
  expect_error([&] { load_checkpoint(path_); }, {"truncated: 10 bytes"});
}

TEST_F(CheckpointTest, TrailingBytes) {
  corrupt_and_write([](std::string& s) {
    s += "xyz";
    fix_crc(s);
  });
  expect_error([&] { load_checkpoint(path_); }, {"3 unexpected bytes after the data"});
}

TEST_F(CheckpointTest, BadMagic) {
  corrupt_and_write([](std::string& s) { s[0] = 'X'; });
  expect_error([&] { load_checkpoint(path_); }, {"bad magic at offset 0", "not a dendrite checkpoint"});
}

TEST_F(CheckpointTest, UnsupportedVersion) {
  corrupt_and_write([](std::string& s) { put_u32(s, 8, 99); });
  expect_error([&] { load_checkpoint(path_); }, {"unsupported format version 99", "supported versions: 1"});
}

TEST_F(CheckpointTest, HeaderLengthPastTheEnd) {
  corrupt_and_write([](std::string& s) { put_u64(s, 12, std::uint64_t{1} << 40); });
  expect_error([&] { load_checkpoint(path_); }, {"header length 1099511627776 at offset 12 runs past the end"});
}

TEST_F(CheckpointTest, EmptyAndMissingFiles) {
  write_bytes(path_, "");
  expect_error([&] { load_checkpoint(path_); }, {path_, "empty"});
  const std::string missing = (dir_ / "missing.ckpt").string();
  expect_error([&] { load_checkpoint(missing); }, {missing, "No such file or directory"});
  expect_error([&] { load_checkpoint(dir_.string()); }, {"is a directory"});
}

TEST_F(CheckpointTest, MalformedJson) {
  write_bytes(path_, assemble("{\"meta\": 1,", std::string(24, '\0')));
  expect_error([&] { load_checkpoint(path_); }, {"malformed JSON header"});
}

// Structurally bad tensor tables, each in an otherwise valid file (correct CRC).
TEST_F(CheckpointTest, BadTensorTables) {
  const std::string data(24, '\0');
  const auto expect = [&](const std::function<void(nlohmann::json&)>& change, const std::string& message) {
    nlohmann::json h = one_tensor_header();
    change(h);
    write_bytes(path_, assemble(h.dump(), data));
    SCOPED_TRACE(h.dump());
    expect_error([&] { load_checkpoint(path_); }, {path_, message});
  };
  const auto entry = [](nlohmann::json& h) -> nlohmann::json& { return h["tensors"][0]; };
  // The unmodified header loads.
  write_bytes(path_, assemble(one_tensor_header().dump(), data));
  EXPECT_EQ(load_checkpoint(path_).tensor("w").shape(), (Shape{2, 3}));

  expect([&](nlohmann::json& h) { entry(h)["dtype"] = "f64"; }, "tensor table entry 0 ('w'): unknown dtype \"f64\"");
  expect([&](nlohmann::json& h) { entry(h)["shape"] = {2, -3}; }, "shape[1] = -3 is negative");
  expect([&](nlohmann::json& h) { entry(h)["shape"] = {2, 1.5}; }, "shape[1] = 1.5 is not an integer");
  expect([&](nlohmann::json& h) { entry(h)["shape"] = {1ull << 40, 1ull << 40}; }, "has too many elements");
  expect([&](nlohmann::json& h) { entry(h)["shape"] = {1ull << 61}; }, "is too large");
  expect([&](nlohmann::json& h) { entry(h)["nbytes"] = 20; }, "nbytes 20 does not match shape [2, 3] of f32 (24 bytes)");
  expect([&](nlohmann::json& h) { entry(h)["offset"] = 64; }, "offset 64 + nbytes 24 runs past the end of the data section (24 bytes)");
  expect([&](nlohmann::json& h) { entry(h)["offset"] = 8; }, "offset 8 is not a multiple of 64");
  expect([&](nlohmann::json& h) { entry(h)["offset"] = -64; }, "\"offset\" = -64 is not a non-negative integer");
  expect([&](nlohmann::json& h) { entry(h).erase("nbytes"); }, "tensor table entry 0 ('w') has no \"nbytes\" field");
  expect([&](nlohmann::json& h) { entry(h)["name"] = ""; }, "\"name\" must be a non-empty string");
  expect([&](nlohmann::json& h) { h["tensors"].push_back(entry(h)); }, "the name 'w' is used twice");
  expect([&](nlohmann::json& h) { h["tensors"] = 3; }, "\"tensors\" in the JSON header is not an array");
  expect([&](nlohmann::json& h) { h.erase("meta"); }, "no \"meta\" field");
  expect([&](nlohmann::json& h) { h["data_bytes"] = 1000; }, "truncated");
  expect([&](nlohmann::json& h) { h = nlohmann::json::array(); }, "not an object");
}

TEST_F(CheckpointTest, SaveRejectsBadInput) {
  Checkpoint c;
  c.tensors.emplace_back("a", Tensor({1}));
  c.tensors.emplace_back("a", Tensor({2}));
  expect_error([&] { save_checkpoint(path_, c); }, {"two tensors are named 'a'"});
  c.tensors = {{"", Tensor({1})}};
  expect_error([&] { save_checkpoint(path_, c); }, {"empty name"});
  c.tensors = {{"undefined", Tensor()}};
  expect_error([&] { save_checkpoint(path_, c); }, {"'undefined' is undefined"});
  c.tensors.clear();
  c.meta = std::string("\xff\xfe");  // not UTF-8
  expect_error([&] { save_checkpoint(path_, c); }, {"cannot be written as JSON"});
  EXPECT_FALSE(fs::exists(path_));
  EXPECT_TRUE(temp_files().empty());
}

TEST_F(CheckpointTest, SaveIntoMissingDirectoryFailsCleanly) {
  const std::string bad = (dir_ / "no_such_dir" / "x.ckpt").string();
  expect_error([&] { save_checkpoint(bad, sample()); }, {bad, "No such file or directory"});
  EXPECT_TRUE(temp_files().empty());
}

TEST_F(CheckpointTest, SaveOverwritesAtomically) {
  save_checkpoint(path_, sample());
  Checkpoint next = sample();
  next.meta["epoch"] = 4;
  save_checkpoint(path_, next);
  EXPECT_EQ(load_checkpoint(path_).meta["epoch"], 4);
  EXPECT_TRUE(temp_files().empty());
}

// A write that fails half-way (the file size limit is hit) must leave the old file untouched.
TEST_F(CheckpointTest, FailedWriteKeepsThePreviousCheckpoint) {
  save_checkpoint(path_, sample());
  const std::string before = read_bytes(path_);

  Checkpoint huge;
  huge.meta = {{"epoch", 99}};
  huge.tensors.emplace_back("w", Tensor({1 << 16}));  // 256 KiB
  rlimit old_limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  rlimit small = old_limit;
  small.rlim_cur = 64 * 1024;
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);  // get EFBIG instead of a signal
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::exception_ptr error;  // checked once the limit is back
  try {
    save_checkpoint(path_, huge);
  } catch (...) {
    error = std::current_exception();
  }
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);

  expect_error([&] { if (error) std::rethrow_exception(error); }, {"cannot save checkpoint '" + path_ + "'", "File too large"});
  EXPECT_TRUE(temp_files().empty());
  EXPECT_EQ(read_bytes(path_), before);
  EXPECT_EQ(load_checkpoint(path_).meta["epoch"], 3);
}

}  // namespace
}  // namespace dendrite
