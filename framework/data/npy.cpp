#include "framework/data/npy.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "framework/core/error.h"
#include "framework/data/input_stream.h"
#include "framework/data/npy_header.h"

namespace dendrite {

namespace {

constexpr std::uint8_t kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr std::int64_t kPreludeBytes = 8;                 // magic, major, minor
constexpr std::int64_t kMaxHeaderText = std::int64_t{1} << 20;  // NumPy writes a few hundred bytes
constexpr std::int64_t kMaxDataBytes = std::int64_t{1} << 62;
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;  // a multiple of every value size

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the .npy reader assumes a little-endian host");

struct TypeInfo {
  NpyType type;
  char kind;  // NumPy's dtype kind: 'i', 'u', 'f'
  std::size_t size;
  const char* name;
};
constexpr TypeInfo kTypes[] = {
    {NpyType::i8, 'i', 1, "int8"},     {NpyType::i16, 'i', 2, "int16"},   {NpyType::i32, 'i', 4, "int32"},
    {NpyType::i64, 'i', 8, "int64"},   {NpyType::u8, 'u', 1, "uint8"},    {NpyType::u16, 'u', 2, "uint16"},
    {NpyType::u32, 'u', 4, "uint32"},  {NpyType::u64, 'u', 8, "uint64"},  {NpyType::f32, 'f', 4, "float32"},
    {NpyType::f64, 'f', 8, "float64"},
};

const TypeInfo& info(NpyType type) {
  for (const TypeInfo& t : kTypes)
    if (t.type == type) return t;
  throw InternalError(fmt::format("unknown NpyType {}", static_cast<int>(type)));
}

// Calls fn(T{}) with T the C++ type of the NumPy type.
template <class Fn>
void dispatch(NpyType type, Fn&& fn) {
  switch (type) {
    case NpyType::i8: fn(std::int8_t{}); return;
    case NpyType::i16: fn(std::int16_t{}); return;
    case NpyType::i32: fn(std::int32_t{}); return;
    case NpyType::i64: fn(std::int64_t{}); return;
    case NpyType::u8: fn(std::uint8_t{}); return;
    case NpyType::u16: fn(std::uint16_t{}); return;
    case NpyType::u32: fn(std::uint32_t{}); return;
    case NpyType::u64: fn(std::uint64_t{}); return;
    case NpyType::f32: fn(float{}); return;
    case NpyType::f64: fn(double{}); return;
  }
  DENDRITE_ASSERT(false, "unknown NpyType {}", static_cast<int>(type));
}

// What a dtype kind NumPy can write but this reader refuses holds, for the message.
const char* unsupported_kind(char kind) {
  switch (kind) {
    case 'O': return "Python objects, stored as a pickle, which is never unpickled here";
    case 'U': return "Unicode strings";
    case 'S':
    case 'a': return "byte strings";
    case 'c': return "complex numbers";
    case 'b': return "booleans (convert them with .astype(numpy.uint8))";
    case 'M': return "dates";
    case 'm': return "time spans";
    case 'V': return "raw bytes or records";
    default: return nullptr;
  }
}

// "<f4" -> float32 little-endian; everything unsupported is an error naming the dtype.
void parse_descr(const std::string& descr, NpyHeader& h, const std::string& file) {
  const std::string supported =
      "supported are int8..int64, uint8..uint64, float32 and float64; convert the array with .astype() before "
      "saving it";
  DENDRITE_CHECK(descr.size() >= 2 && (descr[0] == '<' || descr[0] == '>' || descr[0] == '|' || descr[0] == '='),
                 "{} has dtype '{}', which is not a NumPy dtype string (a byte order '<', '>', '|' or '=', a kind "
                 "and a size, e.g. '<f4')",
                 file, descr);
  const char order = descr[0], kind = descr[1];
  if (const char* what = unsupported_kind(kind))
    throw Error(fmt::format("{} has dtype '{}' ({}), which cannot be read: {}", file, descr, what, supported));
  const std::string size_text = descr.substr(2);
  const bool digits = !size_text.empty() && size_text.size() <= 2 &&
                      std::all_of(size_text.begin(), size_text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const std::size_t size = digits ? static_cast<std::size_t>(std::stoi(size_text)) : 0;
  const TypeInfo* found = nullptr;
  for (const TypeInfo& t : kTypes)
    if (t.kind == kind && t.size == size) found = &t;
  if (found == nullptr && kind == 'f' && size == 2)
    throw Error(fmt::format("{} has dtype '{}' (float16), which cannot be read: {}", file, descr, supported));
  DENDRITE_CHECK(found != nullptr, "{} has dtype '{}', which cannot be read: {}", file, descr, supported);
  DENDRITE_CHECK(order != '|' || size == 1,
                 "{} has dtype '{}': byte order '|' (not applicable) is for 1-byte types only", file, descr);
  h.type = found->type;
  h.big_endian = order == '>' && size > 1;
}

// Reads up to n bytes; the count actually read.
std::int64_t read_some(ByteSource& in, std::uint8_t* dst, std::int64_t n) {
  std::int64_t done = 0;
  while (done < n) {
    const std::size_t got = in.read(dst + done, static_cast<std::size_t>(n - done));
    if (got == 0) break;
    done += static_cast<std::int64_t>(got);
  }
  return done;
}

std::uint32_t load_le(const std::uint8_t* p, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

std::string shape_tuple(const std::vector<std::int64_t>& dims) {
  std::string s = "(";
  for (std::size_t i = 0; i < dims.size(); ++i) s += fmt::format("{}{}", i ? ", " : "", dims[i]);
  return s + (dims.size() == 1 ? ",)" : ")");
}

// "[i0, i1, ...]": the C-order multi-index of flat element i.
std::string position_str(const std::vector<std::int64_t>& dims, std::int64_t i) {
  std::vector<std::int64_t> pos(dims.size());
  for (std::size_t d = dims.size(); d-- > 0;) {
    pos[d] = i % dims[d];
    i /= dims[d];
  }
  return shape_str(pos);
}

// One value of type T at p, in the file's byte order.
template <class T>
T load_value(const std::uint8_t* p, bool big_endian) {
  std::uint8_t b[sizeof(T)];
  std::memcpy(b, p, sizeof(T));
  if (big_endian) std::reverse(b, b + sizeof(T));
  T v;
  std::memcpy(&v, b, sizeof(T));
  return v;
}

// The flat C-order index of the element stored at file position `i`: the identity for C order;
// for Fortran order the first index varies fastest in the file.
class FileOrder {
 public:
  explicit FileOrder(const NpyHeader& h) : dims_(h.dims), fortran_(h.fortran_order && h.dims.size() > 1) {
    if (!fortran_) return;
    c_strides_.assign(dims_.size(), 1);
    for (std::size_t d = dims_.size() - 1; d-- > 0;) c_strides_[d] = c_strides_[d + 1] * dims_[d + 1];
    pos_.assign(dims_.size(), 0);
  }
  // Call once per element in file order.
  std::int64_t next() {
    if (!fortran_) return count_++;
    const std::int64_t out = offset_;
    // Advance the Fortran-order odometer: dimension 0 first.
    for (std::size_t d = 0; d < dims_.size(); ++d) {
      offset_ += c_strides_[d];
      if (++pos_[d] < dims_[d]) break;
      offset_ -= c_strides_[d] * dims_[d];
      pos_[d] = 0;
    }
    return out;
  }

 private:
  std::vector<std::int64_t> dims_, c_strides_, pos_;
  bool fortran_;
  std::int64_t count_ = 0, offset_ = 0;
};

// Reads the values chunk by chunk, converts each to Out and stores it at its C-order position in
// out[0, numel). Then checks that nothing follows them (which also lets a compressed source
// verify its checksum at the end of its stream).
template <class T, class Out>
void decode_all(ByteSource& in, const NpyHeader& h, Out* out) {
  const std::string file = in.describe();
  const std::int64_t total = h.numel();
  const std::int64_t per_chunk = static_cast<std::int64_t>(kChunkBytes / sizeof(T));
  std::vector<std::uint8_t> buffer(static_cast<std::size_t>(std::min(total, per_chunk)) * sizeof(T));
  FileOrder order(h);
  for (std::int64_t first = 0; first < total; first += per_chunk) {
    const std::int64_t count = std::min(per_chunk, total - first);
    const std::int64_t bytes = count * static_cast<std::int64_t>(sizeof(T));
    const std::int64_t got = read_some(in, buffer.data(), bytes);
    if (got < bytes) {
      throw Error(fmt::format("{} is truncated: its header declares shape {} of {} ({} data bytes after the {}-byte "
                              "header), but the data ends after {} bytes",
                              file, shape_tuple(h.dims), npy_type_name(h.type), h.data_bytes(), h.header_bytes,
                              first * static_cast<std::int64_t>(sizeof(T)) + got));
    }
    for (std::int64_t k = 0; k < count; ++k) {
      const T v = load_value<T>(buffer.data() + k * static_cast<std::int64_t>(sizeof(T)), h.big_endian);
      const std::int64_t at = order.next();
      if constexpr (std::is_floating_point_v<T>) {
        if (!std::isfinite(v)) {
          throw Error(fmt::format("{}: {} value {} at index {} is not finite; float data must be finite", file,
                                  npy_type_name(h.type), v, position_str(h.dims, at)));
        }
      }
      const Out o = static_cast<Out>(v);
      if constexpr (std::is_floating_point_v<T> && sizeof(Out) < sizeof(T)) {
        if (!std::isfinite(o)) {
          throw Error(fmt::format("{}: {} value {} at index {} is too large for float32", file,
                                  npy_type_name(h.type), v, position_str(h.dims, at)));
        }
      }
      out[at] = o;
    }
  }
  std::uint8_t extra = 0;
  DENDRITE_CHECK(in.read(&extra, 1) == 0,
                 "{} has trailing bytes after the data: its header declares shape {} of {} ({} data bytes after "
                 "the {}-byte header)",
                 file, shape_tuple(h.dims), npy_type_name(h.type), h.data_bytes(), h.header_bytes);
}

}  // namespace

const char* npy_type_name(NpyType type) { return info(type).name; }
std::size_t npy_type_size(NpyType type) { return info(type).size; }
bool npy_type_is_integer(NpyType type) { return info(type).kind != 'f'; }

std::int64_t NpyHeader::numel() const { return shape_numel(dims); }
std::int64_t NpyHeader::data_bytes() const { return numel() * static_cast<std::int64_t>(npy_type_size(type)); }

bool is_npy_file(const std::string& path) {
  try {
    InputStream in(path, "file");
    std::uint8_t head[sizeof kMagic];
    return in.read(head, sizeof head) == sizeof head && std::memcmp(head, kMagic, sizeof kMagic) == 0;
  } catch (const Error&) {
    return false;
  }
}

NpyHeader read_npy_header(ByteSource& in) {
  const std::string file = in.describe();
  std::uint8_t prelude[kPreludeBytes + 4];
  std::int64_t got = read_some(in, prelude, kPreludeBytes);
  DENDRITE_CHECK(got > 0, "{} is empty", file);
  DENDRITE_CHECK(got >= static_cast<std::int64_t>(sizeof kMagic) && std::memcmp(prelude, kMagic, sizeof kMagic) == 0,
                 "{} is not a NumPy .npy file: it does not start with the magic bytes \\x93NUMPY", file);
  DENDRITE_CHECK(got == kPreludeBytes, "{} ends inside the .npy header ({} bytes)", file, got);
  const int major = prelude[6], minor = prelude[7];
  DENDRITE_CHECK((major == 1 || major == 2 || major == 3) && minor == 0,
                 "{} has .npy format version {}.{}; versions 1.0, 2.0 and 3.0 can be read", file, major, minor);
  const int length_bytes = major == 1 ? 2 : 4;
  got = read_some(in, prelude + kPreludeBytes, length_bytes);
  DENDRITE_CHECK(got == length_bytes, "{} ends inside the .npy header (in its length field)", file);
  const std::int64_t text_bytes = load_le(prelude + kPreludeBytes, length_bytes);
  DENDRITE_CHECK(text_bytes <= kMaxHeaderText, "{} declares a {}-byte header dictionary; at most {} bytes are read",
                 file, text_bytes, kMaxHeaderText);
  std::string text(static_cast<std::size_t>(text_bytes), '\0');
  got = read_some(in, reinterpret_cast<std::uint8_t*>(text.data()), text_bytes);
  DENDRITE_CHECK(got == text_bytes, "{} ends inside the .npy header: it declares {} bytes of header dictionary, "
                 "{} are there", file, text_bytes, got);

  const NpyHeaderDict dict = parse_npy_header_dict(text, file);
  NpyHeader h;
  parse_descr(dict.descr, h, file);
  h.fortran_order = dict.fortran_order;
  h.dims = dict.shape;
  h.header_bytes = kPreludeBytes + length_bytes + text_bytes;
  const std::int64_t max_numel = kMaxDataBytes / static_cast<std::int64_t>(npy_type_size(h.type));
  std::int64_t numel = 1;
  for (std::size_t d = 0; d < h.dims.size(); ++d) {
    DENDRITE_CHECK(h.dims[d] > 0, "{} has shape {}: dimension {} is 0, so the array holds no values (no samples)",
                   file, shape_tuple(h.dims), d);
    DENDRITE_CHECK(numel <= max_numel / h.dims[d], "{} has shape {} whose number of values overflows", file,
                   shape_tuple(h.dims));
    numel *= h.dims[d];
  }
  const std::int64_t data_bytes = h.data_bytes();
  if (in.size() >= 0) {
    const std::int64_t actual = in.size() - h.header_bytes;
    DENDRITE_CHECK(actual == data_bytes,
                   "{} has the wrong length: its header declares shape {} of {}, which needs {} data bytes after the "
                   "{}-byte header, but there are {} ({})",
                   file, shape_tuple(h.dims), npy_type_name(h.type), data_bytes, h.header_bytes, actual,
                   actual < data_bytes ? "truncated" : "trailing bytes after the data");
  } else {
    DENDRITE_CHECK(data_bytes <= in.max_size() - h.header_bytes,
                   "{} is truncated: its header declares shape {} of {}, which needs {} data bytes, more than the "
                   "compressed data can hold (at most {} bytes)",
                   file, shape_tuple(h.dims), npy_type_name(h.type), data_bytes, in.max_size());
  }
  return h;
}

NpyHeader read_npy_header(const std::string& path) {
  InputStream in(path, "NumPy file");
  return read_npy_header(in);
}

NpyTensor read_npy_f32(ByteSource& in) {
  const NpyHeader h = read_npy_header(in);
  NpyTensor t;
  t.type = h.type;
  t.values = Tensor(h.dims);
  dispatch(h.type, [&](auto tag) { decode_all<decltype(tag), float>(in, h, t.values.f32()); });
  return t;
}

NpyTensor read_npy_f32(const std::string& path) {
  InputStream in(path, "NumPy file");
  return read_npy_f32(in);
}

NpyValues read_npy_values(ByteSource& in) {
  const NpyHeader h = read_npy_header(in);
  NpyValues v;
  v.type = h.type;
  v.dims = h.dims;
  v.values.resize(static_cast<std::size_t>(h.numel()));
  dispatch(h.type, [&](auto tag) { decode_all<decltype(tag), double>(in, h, v.values.data()); });
  return v;
}

NpyValues read_npy_values(const std::string& path) {
  InputStream in(path, "NumPy file");
  return read_npy_values(in);
}

}  // namespace dendrite
