// Writing checkpoint files; the layout is described in checkpoint.h, the reader is in
// checkpoint_load.cpp.
#include "framework/train/checkpoint.h"

#include <algorithm>
#include <set>

#include "framework/core/error.h"
#include "framework/core/file_io.h"
#include "framework/train/checkpoint_io.h"
#include "framework/train/crc32.h"

namespace dendrite {

const Tensor* Checkpoint::find(const std::string& name) const {
  for (const auto& [n, t] : tensors)
    if (n == name) return &t;
  return nullptr;
}

const Tensor& Checkpoint::tensor(const std::string& name) const {
  if (const Tensor* t = find(name)) return *t;
  std::string names;
  for (const auto& entry : tensors) names += (names.empty() ? "" : ", ") + entry.first;
  throw Error(fmt::format("checkpoint '{}' has no tensor '{}' (it has {} tensors: {})",
                          path.empty() ? std::string("<in memory>") : path, name, tensors.size(),
                          names.empty() ? std::string("none") : names));
}

namespace {

// The JSON header text, and where each tensor goes in the data section.
struct Plan {
  std::string header;
  std::vector<std::uint64_t> offsets;
  std::uint64_t data_bytes = 0;
};

Plan plan_file(const std::string& path, const Checkpoint& ckpt) {
  Plan plan;
  nlohmann::json table = nlohmann::json::array();
  std::set<std::string> seen;
  std::uint64_t end = 0;
  for (const auto& [name, t] : ckpt.tensors) {
    DENDRITE_CHECK(!name.empty(), "cannot save checkpoint '{}': a tensor has an empty name", path);
    DENDRITE_CHECK(seen.insert(name).second,
                   "cannot save checkpoint '{}': two tensors are named '{}'", path, name);
    DENDRITE_CHECK(t.numel() == shape_numel(t.shape()) && (t.raw() != nullptr || t.numel() == 0),
                   "cannot save checkpoint '{}': tensor '{}' is undefined", path, name);
    const std::uint64_t offset = align_up(end);
    plan.offsets.push_back(offset);
    end = offset + t.nbytes();
    table.push_back({{"name", name},
                     {"dtype", dtype_name(t.dtype())},
                     {"shape", t.shape()},
                     {"offset", offset},
                     {"nbytes", static_cast<std::uint64_t>(t.nbytes())}});
  }
  plan.data_bytes = end;
  nlohmann::json header = {{"meta", ckpt.meta}, {"data_bytes", end}, {"tensors", std::move(table)}};
  try {
    plan.header = header.dump();
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("cannot save checkpoint '{}': the metadata cannot be written as JSON: {}",
                            path, e.what()));
  }
  return plan;
}

// Every written byte goes through here, so the CRC is computed on the way.
class CrcWriter {
 public:
  explicit CrcWriter(AtomicFile& out) : out_(out) {}
  void write(const void* data, std::size_t n) {
    crc_ = crc32_update(crc_, data, n);
    out_.write(data, n);
  }
  void write_zeros(std::size_t n) {
    static const unsigned char kZeros[kCheckpointAlignment] = {};
    while (n > 0) {
      const std::size_t chunk = n < sizeof(kZeros) ? n : sizeof(kZeros);
      write(kZeros, chunk);
      n -= chunk;
    }
  }
  // The CRC of everything written so far, appended without being hashed itself.
  void write_crc() {
    unsigned char le[4];
    put_le(le, crc_, 4);
    out_.write(le, 4);
  }

 private:
  AtomicFile& out_;
  std::uint32_t crc_ = 0;
};

void write_contents(AtomicFile& file, const Checkpoint& ckpt, const Plan& plan) {
  CrcWriter out(file);
  unsigned char prefix[kPrefixBytes];
  std::copy(kCheckpointMagic, kCheckpointMagic + 8, prefix);
  put_le(prefix + 8, kCheckpointVersion, 4);
  put_le(prefix + 12, plan.header.size(), 8);
  out.write(prefix, sizeof(prefix));
  out.write(plan.header.data(), plan.header.size());
  std::uint64_t pos = kPrefixBytes + plan.header.size();
  const std::uint64_t data_start = align_up(pos);
  out.write_zeros(data_start - pos);
  pos = 0;  // from here on, relative to data_start
  for (std::size_t i = 0; i < ckpt.tensors.size(); ++i) {
    const Tensor& t = ckpt.tensors[i].second;
    out.write_zeros(plan.offsets[i] - pos);
    out.write(t.raw(), t.nbytes());
    pos = plan.offsets[i] + t.nbytes();
  }
  out.write_crc();
}

}  // namespace

void save_checkpoint(const std::string& path, const Checkpoint& ckpt) {
  const Plan plan = plan_file(path, ckpt);
  AtomicFile file(path, "save checkpoint");
  write_contents(file, ckpt, plan);
  file.commit();
}

}  // namespace dendrite
