#include "framework/data/idx.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <type_traits>

#include "framework/core/error.h"
#include "framework/data/input_stream.h"

namespace dendrite {

namespace {

constexpr int kMaxDims = 8;
constexpr std::int64_t kMinHeaderBytes = 4;  // magic (2), type, number of dimensions
constexpr std::int64_t kMaxDataBytes = std::int64_t{1} << 62;
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;  // a multiple of every value size

struct TypeInfo {
  IdxType type;
  std::uint8_t code;
  const char* name;
  std::size_t size;
};
constexpr TypeInfo kTypes[] = {
    {IdxType::u8, 0x08, "u8", 1},   {IdxType::i8, 0x09, "i8", 1},   {IdxType::i16, 0x0B, "i16", 2},
    {IdxType::i32, 0x0C, "i32", 4}, {IdxType::f32, 0x0D, "f32", 4}, {IdxType::f64, 0x0E, "f64", 8},
};

const TypeInfo& info(IdxType type) {
  for (const TypeInfo& t : kTypes)
    if (t.type == type) return t;
  throw InternalError(fmt::format("unknown IdxType {}", static_cast<int>(type)));
}

// Calls fn(T{}) with T the C++ type of the IDX type.
template <class Fn>
void dispatch(IdxType type, Fn&& fn) {
  switch (type) {
    case IdxType::u8: fn(std::uint8_t{}); return;
    case IdxType::i8: fn(std::int8_t{}); return;
    case IdxType::i16: fn(std::int16_t{}); return;
    case IdxType::i32: fn(std::int32_t{}); return;
    case IdxType::f32: fn(float{}); return;
    case IdxType::f64: fn(double{}); return;
  }
  DENDRITE_ASSERT(false, "unknown IdxType {}", static_cast<int>(type));
}

template <std::size_t N> struct UnsignedOfSize;
template <> struct UnsignedOfSize<1> { using type = std::uint8_t; };
template <> struct UnsignedOfSize<2> { using type = std::uint16_t; };
template <> struct UnsignedOfSize<4> { using type = std::uint32_t; };
template <> struct UnsignedOfSize<8> { using type = std::uint64_t; };

// One big-endian value of type T at p (any alignment, any host byte order).
template <class T>
T load_be(const std::uint8_t* p) {
  using U = typename UnsignedOfSize<sizeof(T)>::type;
  std::uint64_t u = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) u = (u << 8) | p[i];
  const U narrow = static_cast<U>(u);
  T value;
  std::memcpy(&value, &narrow, sizeof value);
  return value;
}

// "[i0, i1, ...]": the multi-index of flat element i.
std::string position_str(const std::vector<std::int64_t>& dims, std::int64_t i) {
  std::vector<std::int64_t> pos(dims.size());
  for (std::size_t d = dims.size(); d-- > 0;) {
    pos[d] = i % dims[d];
    i /= dims[d];
  }
  return shape_str(pos);
}

// "9 bytes" for a plain file, "9 bytes decompressed" for a gzip file.
std::string length_str(const InputStream& in, std::int64_t bytes) {
  return fmt::format("{} bytes{}", bytes, in.gzip() ? " decompressed" : "");
}

// The number of header bytes available: all `want` of them, or (at the end of the data) fewer.
// A plain file's length is known in advance; a gzip file is read to find out.
std::int64_t available(InputStream& in, std::uint8_t* dst, std::int64_t have, std::int64_t want) {
  if (!in.gzip()) {
    const std::int64_t got = std::min(want, in.size()) - have;
    if (got > 0) in.read_exact(dst + have, static_cast<std::size_t>(got), "the IDX header");
    return have + std::max<std::int64_t>(got, 0);
  }
  return have + static_cast<std::int64_t>(in.read(dst + have, static_cast<std::size_t>(want - have)));
}

IdxHeader parse_header(InputStream& in) {
  const std::string file = in.describe();
  std::uint8_t head[kMinHeaderBytes + 4 * kMaxDims];
  const std::int64_t start = available(in, head, 0, kMinHeaderBytes);
  DENDRITE_CHECK(start > 0, "{} is empty (0 bytes{})", file, in.gzip() ? " decompressed" : "");
  DENDRITE_CHECK(start >= kMinHeaderBytes,
                 "{} is {}, shorter than the 4-byte start of an IDX header (2 zero bytes, type byte, number of "
                 "dimensions)",
                 file, length_str(in, start));

  DENDRITE_CHECK(head[0] == 0 && head[1] == 0,
                 "{} has a bad magic number: bytes 0-1 are 0x{:02x} 0x{:02x}, expected 0x00 0x00", file, head[0],
                 head[1]);

  IdxHeader h;
  const TypeInfo* type = nullptr;
  for (const TypeInfo& t : kTypes)
    if (t.code == head[2]) type = &t;
  DENDRITE_CHECK(type != nullptr,
                 "{} has an unknown type byte 0x{:02x} at byte 2 (expected 0x08 u8, 0x09 i8, 0x0b i16, 0x0c i32, "
                 "0x0d f32 or 0x0e f64)",
                 file, head[2]);
  h.type = type->type;

  const int ndims = head[3];
  DENDRITE_CHECK(ndims >= 1 && ndims <= kMaxDims, "{} declares {} dimensions at byte 3; expected 1 to {}", file,
                 ndims, kMaxDims);
  h.header_bytes = kMinHeaderBytes + 4 * ndims;
  const std::int64_t got = available(in, head, kMinHeaderBytes, h.header_bytes);
  DENDRITE_CHECK(got == h.header_bytes,
                 "{} is {}, shorter than its header: {} dimensions need a {}-byte header", file,
                 length_str(in, in.gzip() ? got : in.size()), ndims, h.header_bytes);

  const std::int64_t max_numel = kMaxDataBytes / static_cast<std::int64_t>(type->size);
  std::int64_t numel = 1;
  bool overflow = false;
  for (int d = 0; d < ndims; ++d) {
    const std::int64_t offset = kMinHeaderBytes + 4 * d;
    const std::int64_t dim = load_be<std::uint32_t>(head + offset);
    DENDRITE_CHECK(dim > 0, "{} has dimension {} (bytes {}-{}) equal to 0; every dimension must be >= 1", file, d,
                   offset, offset + 3);
    h.dims.push_back(dim);
    if (numel > max_numel / dim) overflow = true;
    if (!overflow) numel *= dim;
  }
  DENDRITE_CHECK(!overflow, "{} has shape {} whose number of values overflows (more than {} {} values)", file,
                 shape_str(h.dims), max_numel, type->name);

  const std::int64_t data_bytes = numel * static_cast<std::int64_t>(type->size);
  if (in.gzip()) {
    // The decompressed length is known only at the end: for_each_chunk checks it there. Until
    // then, a header declaring more than the file could decompress to is refused before any
    // memory is set aside for it.
    const std::int64_t limit = max_gzip_expansion(in.file_size());
    DENDRITE_CHECK(data_bytes <= limit - h.header_bytes,
                   "{} has the wrong length: its header declares shape {} of {}, which needs {} data bytes after the "
                   "{}-byte header, more than a {}-byte gzip file can hold (at most {} bytes decompressed)",
                   file, shape_str(h.dims), type->name, data_bytes, h.header_bytes, in.file_size(), limit);
    return h;
  }
  const std::int64_t actual = in.size() - h.header_bytes;
  DENDRITE_CHECK(actual == data_bytes,
                 "{} has the wrong length: its header declares shape {} of {}, which needs {} data bytes after "
                 "the {}-byte header, but the file has {} ({})",
                 file, shape_str(h.dims), type->name, data_bytes, h.header_bytes, actual,
                 actual < data_bytes ? "truncated" : "trailing bytes after the data");
  return h;
}

[[noreturn]] void throw_wrong_length(const InputStream& in, const IdxHeader& h, std::int64_t actual) {
  const std::int64_t data_bytes = h.numel() * static_cast<std::int64_t>(idx_type_size(h.type));
  throw Error(fmt::format("{} has the wrong length: its header declares shape {} of {}, which needs {} data bytes "
                          "after the {}-byte header, but the decompressed stream has {} ({})",
                          in.describe(), shape_str(h.dims), idx_type_name(h.type), data_bytes, h.header_bytes,
                          actual, actual < data_bytes ? "truncated" : "trailing bytes after the data"));
}

// Calls fn(bytes, first, count) for consecutive chunks of the big-endian values of the file:
// `count` values starting at element `first`. Then checks that nothing follows the values.
template <class Fn>
void for_each_chunk(InputStream& in, const IdxHeader& h, Fn&& fn) {
  const auto value_size = static_cast<std::int64_t>(idx_type_size(h.type));
  const std::int64_t total = h.numel();
  const std::int64_t per_chunk = static_cast<std::int64_t>(kChunkBytes) / value_size;
  std::vector<std::uint8_t> buffer(static_cast<std::size_t>(std::min(total, per_chunk) * value_size));
  for (std::int64_t first = 0; first < total; first += per_chunk) {
    const std::int64_t count = std::min(per_chunk, total - first);
    const auto bytes = static_cast<std::size_t>(count * value_size);
    if (in.gzip()) {
      const std::size_t got = in.read(buffer.data(), bytes);
      if (got < bytes) throw_wrong_length(in, h, in.position() - h.header_bytes);
    } else {
      in.read_exact(buffer.data(), bytes, "the IDX values");
    }
    fn(buffer.data(), first, count);
  }
  if (in.gzip()) {
    const std::int64_t rest = in.skip_rest();
    if (rest > 0) throw_wrong_length(in, h, in.position() - h.header_bytes);
  }
}

[[noreturn]] void throw_bad_float(const std::string& path, const IdxHeader& h, std::int64_t i, double v,
                                  const char* problem) {
  throw Error(fmt::format("IDX file '{}': {} value {} at element {} (index {}, byte {}) {}", path,
                          idx_type_name(h.type), v, i, position_str(h.dims, i),
                          h.header_bytes + i * static_cast<std::int64_t>(idx_type_size(h.type)), problem));
}

// Decodes `count` big-endian values of type T, converted to Out, into the bytes at dst (which
// may be raw storage of any alignment).
template <class T, class Out>
void decode(const std::uint8_t* src, std::int64_t first, std::int64_t count, void* dst, const std::string& path,
            const IdxHeader& h) {
  auto* out_bytes = static_cast<unsigned char*>(dst);
  for (std::int64_t i = 0; i < count; ++i) {
    const T v = load_be<T>(src + i * static_cast<std::int64_t>(sizeof(T)));
    if constexpr (std::is_floating_point_v<T>) {
      if (!std::isfinite(v)) throw_bad_float(path, h, first + i, v, "is not finite; float data must be finite");
    }
    const Out out = static_cast<Out>(v);
    if constexpr (std::is_floating_point_v<Out> && sizeof(Out) < sizeof(T)) {
      if (!std::isfinite(out)) throw_bad_float(path, h, first + i, v, "is too large for f32");
    }
    std::memcpy(out_bytes + i * static_cast<std::int64_t>(sizeof(Out)), &out, sizeof out);
  }
}

}  // namespace

const char* idx_type_name(IdxType type) { return info(type).name; }
std::size_t idx_type_size(IdxType type) { return info(type).size; }
std::uint8_t idx_type_code(IdxType type) { return info(type).code; }

std::int64_t IdxHeader::numel() const { return shape_numel(dims); }
std::int64_t IdxArray::numel() const { return shape_numel(dims); }

IdxHeader read_idx_header(const std::string& path) {
  InputStream in(path, "IDX file");
  return parse_header(in);
}

IdxArray read_idx(const std::string& path) {
  InputStream in(path, "IDX file");
  const IdxHeader h = parse_header(in);
  IdxArray a;
  a.type = h.type;
  a.dims = h.dims;
  const std::size_t value_size = idx_type_size(h.type);
  a.bytes.resize(static_cast<std::size_t>(h.numel()) * value_size);
  dispatch(h.type, [&](auto tag) {
    using T = decltype(tag);
    for_each_chunk(in, h, [&](const std::uint8_t* src, std::int64_t first, std::int64_t count) {
      decode<T, T>(src, first, count, a.bytes.data() + static_cast<std::size_t>(first) * value_size, path, h);
    });
  });
  return a;
}

IdxTensor read_idx_f32(const std::string& path) {
  InputStream in(path, "IDX file");
  const IdxHeader h = parse_header(in);
  IdxTensor out{h.type, Tensor(h.dims, DType::f32)};
  float* dst = out.values.f32();
  dispatch(h.type, [&](auto tag) {
    using T = decltype(tag);
    for_each_chunk(in, h, [&](const std::uint8_t* src, std::int64_t first, std::int64_t count) {
      decode<T, float>(src, first, count, dst + first, path, h);
    });
  });
  return out;
}

double IdxArray::value(std::int64_t i) const {
  const std::int64_t n = numel();
  DENDRITE_CHECK(i >= 0 && i < n, "IdxArray::value: index {} out of range for {} values", i, n);
  DENDRITE_ASSERT(bytes.size() == static_cast<std::size_t>(n) * idx_type_size(type),
                  "IdxArray holds {} bytes for {} {} values", bytes.size(), n, idx_type_name(type));
  double result = 0;
  dispatch(type, [&](auto tag) {
    using T = decltype(tag);
    T v;
    std::memcpy(&v, bytes.data() + static_cast<std::size_t>(i) * sizeof(T), sizeof v);
    result = static_cast<double>(v);
  });
  return result;
}

Tensor IdxArray::to_f32() const {
  Tensor t(dims, DType::f32);
  DENDRITE_ASSERT(bytes.size() == static_cast<std::size_t>(t.numel()) * idx_type_size(type),
                  "IdxArray holds {} bytes for {} {} values", bytes.size(), t.numel(), idx_type_name(type));
  float* dst = t.f32();
  dispatch(type, [&](auto tag) {
    using T = decltype(tag);
    for (std::int64_t i = 0; i < t.numel(); ++i) {
      T v;
      std::memcpy(&v, bytes.data() + static_cast<std::size_t>(i) * sizeof(T), sizeof v);
      dst[i] = static_cast<float>(v);
    }
  });
  return t;
}

void write_idx_u8(const std::string& path, const std::vector<std::int64_t>& dims,
                  const std::vector<std::uint8_t>& data) {
  DENDRITE_CHECK(!dims.empty() && dims.size() <= static_cast<std::size_t>(kMaxDims),
                 "write_idx_u8 '{}': {} dimensions, expected 1 to {}", path, dims.size(), kMaxDims);
  for (std::size_t d = 0; d < dims.size(); ++d) {
    DENDRITE_CHECK(dims[d] >= 1 && dims[d] <= 0xFFFFFFFFLL,
                   "write_idx_u8 '{}': dimension {} is {}, expected 1 to 4294967295", path, d, dims[d]);
  }
  const std::int64_t numel = shape_numel(dims);
  DENDRITE_CHECK(numel == static_cast<std::int64_t>(data.size()),
                 "write_idx_u8 '{}': shape {} holds {} values but {} were given", path, shape_str(dims), numel,
                 data.size());

  std::vector<std::uint8_t> header{0, 0, idx_type_code(IdxType::u8), static_cast<std::uint8_t>(dims.size())};
  for (std::int64_t dim : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<std::uint8_t>(dim >> shift));
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  DENDRITE_CHECK(f != nullptr, "cannot create IDX file '{}': {}", path, std::strerror(errno));
  bool ok = std::fwrite(header.data(), 1, header.size(), f) == header.size();
  ok = ok && (data.empty() || std::fwrite(data.data(), 1, data.size(), f) == data.size());
  const int write_errno = errno;
  ok = (std::fclose(f) == 0) && ok;
  DENDRITE_CHECK(ok, "cannot write IDX file '{}': {}", path, std::strerror(write_errno ? write_errno : errno));
}

}  // namespace dendrite
