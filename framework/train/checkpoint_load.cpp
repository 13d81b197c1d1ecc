// Reading and verifying checkpoint files; the layout is described in checkpoint.h.
//
// Order of the checks: the fixed prefix (magic, version, header length) first, then the JSON
// header and tensor table, then the CRC. A structural problem is reported as such (a truncated
// file says "truncated", not "checksum mismatch"); when the CRC also fails, the message says so.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "framework/core/error.h"
#include "framework/train/checkpoint.h"
#include "framework/train/checkpoint_io.h"
#include "framework/train/crc32.h"

namespace dendrite {

namespace {

using nlohmann::json;

// Largest element count and byte size a tensor may have (the limit shape_numel uses).
constexpr std::uint64_t kMaxBytes = std::uint64_t{1} << 62;

std::vector<unsigned char> read_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  DENDRITE_CHECK(fd >= 0, "cannot open checkpoint '{}': {}", path, errno_text(errno));
  std::vector<unsigned char> bytes;
  try {
    struct stat st {};
    DENDRITE_CHECK(::fstat(fd, &st) == 0, "cannot stat checkpoint '{}': {}", path, errno_text(errno));
    DENDRITE_CHECK(!S_ISDIR(st.st_mode), "checkpoint '{}' is a directory, not a file", path);
    bytes.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t r = ::read(fd, bytes.data() + done, bytes.size() - done);
      if (r < 0 && errno == EINTR) continue;
      DENDRITE_CHECK(r >= 0, "cannot read checkpoint '{}': {}", path, errno_text(errno));
      if (r == 0) break;  // the file shrank while we read it
      done += static_cast<std::size_t>(r);
    }
    bytes.resize(done);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return bytes;
}

struct Entry {
  std::string name;
  DType dtype = DType::f32;
  Shape shape;
  std::uint64_t offset = 0;
};

// Verifies one file held in memory. Every message starts with "checkpoint '<path>': ".
class Reader {
 public:
  Reader(const std::string& path, const std::vector<unsigned char>& bytes) : path_(path), bytes_(bytes) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(fmt::format("checkpoint '{}': {}", path_, what));
  }

  // Magic, version and header length; returns the header length.
  std::uint64_t check_prefix() const {
    const std::size_t size = bytes_.size();
    if (size == 0) fail("the file is empty");
    if (size < kPrefixBytes + kCrcBytes)
      fail(fmt::format("the file is truncated: {} bytes, less than the {}-byte minimum", size,
                       kPrefixBytes + kCrcBytes));
    if (std::memcmp(bytes_.data(), kCheckpointMagic, 8) != 0) {
      std::string found;
      for (int i = 0; i < 8; ++i) found += fmt::format("{:02x}", bytes_[static_cast<std::size_t>(i)]);
      fail(fmt::format("bad magic at offset 0: expected \"DNDRCKPT\", found bytes {} "
                       "(not a dendrite checkpoint)", found));
    }
    const std::uint64_t version = get_le(bytes_.data() + 8, 4);
    if (version != kCheckpointVersion)
      fail(fmt::format("unsupported format version {} at offset 8 (supported versions: {})", version,
                       kCheckpointVersion));
    const std::uint64_t header_len = get_le(bytes_.data() + 12, 8);
    if (header_len > size - kPrefixBytes - kCrcBytes)
      fail(fmt::format("header length {} at offset 12 runs past the end of the file ({} bytes)",
                       header_len, size));
    return header_len;
  }

  json parse_header(std::uint64_t header_len) const {
    const auto* begin = bytes_.data() + kPrefixBytes;
    try {
      return json::parse(begin, begin + header_len);
    } catch (const json::parse_error& e) {
      fail(fmt::format("malformed JSON header near file offset {}: {}", kPrefixBytes + e.byte - 1,
                       e.what()));
    } catch (const json::exception& e) {  // e.g. a number too large for a double
      fail(fmt::format("malformed JSON header (offsets {} to {}): {}", kPrefixBytes, kPrefixBytes + header_len,
                       e.what()));
    }
  }

  // Checks the header against the file; returns the tensor table.
  std::vector<Entry> check_table(const json& header, std::uint64_t data_start) const {
    if (!header.is_object()) fail("the JSON header is not an object");
    if (!header.contains("meta")) fail("the JSON header has no \"meta\" field");
    const std::uint64_t data_bytes = get_u64(field(header, "data_bytes", "the JSON header"), "\"data_bytes\"");
    const std::uint64_t size = bytes_.size();
    if (data_start > size - kCrcBytes || data_bytes > size - kCrcBytes - data_start)
      fail(fmt::format("the file is truncated: the header describes {} data bytes at offset {} plus a "
                       "{}-byte checksum, but the file has only {} bytes",
                       data_bytes, data_start, kCrcBytes, size));
    if (data_start + data_bytes + kCrcBytes != size)
      fail(fmt::format("{} unexpected bytes after the data section (the header describes {} bytes)",
                       size - data_start - data_bytes - kCrcBytes, data_start + data_bytes + kCrcBytes));

    const json& table = field(header, "tensors", "the JSON header");
    if (!table.is_array()) fail("\"tensors\" in the JSON header is not an array");
    std::vector<Entry> entries;
    std::set<std::string> names;
    for (std::size_t i = 0; i < table.size(); ++i) {
      entries.push_back(check_entry(table[i], i, data_bytes));
      if (!names.insert(entries.back().name).second)
        fail(fmt::format("tensor table entry {}: the name '{}' is used twice", i, entries.back().name));
    }
    return entries;
  }

  Entry check_entry(const json& e, std::size_t index, std::uint64_t data_bytes) const {
    const std::string where = fmt::format("tensor table entry {}", index);
    if (!e.is_object()) fail(where + " is not an object");
    const json& name = field(e, "name", where);
    if (!name.is_string() || name.get<std::string>().empty())
      fail(where + ": \"name\" must be a non-empty string");
    Entry out;
    out.name = name.get<std::string>();
    const std::string what = fmt::format("{} ('{}')", where, out.name);

    const json& dtype = field(e, "dtype", what);
    const std::string dtype_text = dtype.is_string() ? dtype.get<std::string>() : dtype.dump();
    if (dtype_text == "f32") out.dtype = DType::f32;
    else if (dtype_text == "i32") out.dtype = DType::i32;
    else fail(fmt::format("{}: unknown dtype {} (known: f32, i32)", what, dtype.dump()));

    const json& shape = field(e, "shape", what);
    if (!shape.is_array()) fail(what + ": \"shape\" is not an array");
    std::uint64_t numel = 1;
    for (std::size_t d = 0; d < shape.size(); ++d) {
      const json& dim = shape[d];
      if (!dim.is_number_integer()) fail(fmt::format("{}: shape[{}] = {} is not an integer", what, d, dim.dump()));
      if (!dim.is_number_unsigned() && dim.get<std::int64_t>() < 0)
        fail(fmt::format("{}: shape[{}] = {} is negative", what, d, dim.dump()));
      const auto n = dim.get<std::uint64_t>();
      if (n != 0 && numel > kMaxBytes / n)
        fail(fmt::format("{}: shape {} has too many elements", what, shape.dump()));
      numel *= n;
      out.shape.push_back(static_cast<std::int64_t>(n));
    }
    if (numel > kMaxBytes / dtype_size(out.dtype))
      fail(fmt::format("{}: shape {} of {} is too large", what, shape.dump(), dtype_name(out.dtype)));
    const std::uint64_t expected_bytes = numel * dtype_size(out.dtype);

    const std::uint64_t nbytes = get_u64(field(e, "nbytes", what), what + ": \"nbytes\"");
    if (nbytes != expected_bytes)
      fail(fmt::format("{}: nbytes {} does not match shape {} of {} ({} bytes)", what, nbytes,
                       shape_str(out.shape), dtype_name(out.dtype), expected_bytes));
    out.offset = get_u64(field(e, "offset", what), what + ": \"offset\"");
    if (out.offset % kCheckpointAlignment != 0)
      fail(fmt::format("{}: offset {} is not a multiple of {}", what, out.offset, kCheckpointAlignment));
    if (nbytes > data_bytes || out.offset > data_bytes - nbytes)
      fail(fmt::format("{}: offset {} + nbytes {} runs past the end of the data section ({} bytes)",
                       what, out.offset, nbytes, data_bytes));
    return out;
  }

  // Stored and computed CRC; returns true when they agree.
  bool crc_matches(std::uint32_t* stored, std::uint32_t* actual) const {
    const std::size_t body = bytes_.size() - kCrcBytes;
    *stored = static_cast<std::uint32_t>(get_le(bytes_.data() + body, 4));
    *actual = crc32(bytes_.data(), body);
    return *stored == *actual;
  }

 private:
  const json& field(const json& obj, const char* key, const std::string& where) const {
    const auto it = obj.find(key);
    if (it == obj.end()) fail(fmt::format("{} has no \"{}\" field", where, key));
    return *it;
  }
  std::uint64_t get_u64(const json& v, const std::string& what) const {
    if (!v.is_number_unsigned()) fail(fmt::format("{} = {} is not a non-negative integer", what, v.dump()));
    return v.get<std::uint64_t>();
  }

  const std::string& path_;
  const std::vector<unsigned char>& bytes_;
};

}  // namespace

Checkpoint load_checkpoint(const std::string& path) {
  const std::vector<unsigned char> bytes = read_file(path);
  const Reader reader(path, bytes);
  const std::uint64_t header_len = reader.check_prefix();
  std::uint32_t stored = 0;
  std::uint32_t actual = 0;
  const bool crc_ok = reader.crc_matches(&stored, &actual);

  json header;
  std::vector<Entry> entries;
  try {
    header = reader.parse_header(header_len);
    entries = reader.check_table(header, align_up(kPrefixBytes + header_len));
  } catch (const Error& e) {
    if (crc_ok) throw;
    throw Error(std::string(e.what()) + "; the checksum does not match either: the file is corrupted");
  }
  if (!crc_ok)
    reader.fail(fmt::format("checksum mismatch: expected CRC-32 0x{:08x} (stored at offset {}), actual "
                            "0x{:08x}; the file is corrupted",
                            stored, bytes.size() - kCrcBytes, actual));

  Checkpoint ckpt;
  ckpt.path = path;
  ckpt.meta = std::move(header["meta"]);
  const std::uint64_t data_start = align_up(kPrefixBytes + header_len);
  for (Entry& e : entries) {
    Tensor t(std::move(e.shape), e.dtype);
    if (t.nbytes()) std::memcpy(t.raw(), bytes.data() + data_start + e.offset, t.nbytes());
    ckpt.tensors.emplace_back(std::move(e.name), std::move(t));
  }
  return ckpt;
}

}  // namespace dendrite
