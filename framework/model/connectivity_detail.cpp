#include "framework/model/connectivity_detail.h"

#include <algorithm>
#include <unordered_set>

#include "framework/core/error.h"

namespace dendrite::detail {

void check_at_least(const char* fn, const char* name, int64_t value, int64_t min) {
  DENDRITE_CHECK(value >= min, "{}: {} = {} must be >= {}", fn, name, value, min);
}

void check_fits_int32(const char* fn, const char* name, int64_t value) {
  DENDRITE_CHECK(value <= kMaxIndex, "{}: {} = {} exceeds the int32 limit {} of the connectivity indices",
                 fn, name, value, kMaxIndex);
}

int64_t saturating_product(int64_t a, int64_t b) {
  DENDRITE_ASSERT(a >= 0 && b >= 0, "saturating_product of negative factors {} and {}", a, b);
  if (a == 0 || b == 0) return 0;
  if (a > kMaxIndex / b) return kMaxIndex + 1;
  return a * b;
}

namespace {

// Floyd's algorithm: for j = n - count .. n - 1 draw t in [0, j]; take t unless it is already
// taken, else take j (which cannot be taken yet). Every subset of size `count` is equally likely.
// The subset depends only on the draws, so the membership structure below does not change it.
template <class Set>
void floyd(int64_t n, int64_t count, Rng& rng, Set& set) {
  for (int64_t j = n - count; j < n; ++j) {
    const auto t = static_cast<int64_t>(rng.below(static_cast<uint64_t>(j + 1)));
    if (!set.insert(t)) set.insert(j);
  }
}

// Membership as one bit per value: used when the sample is dense enough that n bits cost no more
// than the sample itself. Reading the bits back yields the values already sorted.
class BitSet {
 public:
  explicit BitSet(int64_t n) : words_(static_cast<size_t>((n + 63) / 64), 0) {}
  bool insert(int64_t v) {  // true when v was not present
    uint64_t& word = words_[static_cast<size_t>(v >> 6)];
    const uint64_t bit = uint64_t{1} << (v & 63);
    const bool fresh = (word & bit) == 0;
    word |= bit;
    return fresh;
  }
  void append_sorted(std::vector<int64_t>& out) const {
    for (size_t w = 0; w < words_.size(); ++w) {
      for (uint64_t bits = words_[w]; bits != 0; bits &= bits - 1) {
        out.push_back(static_cast<int64_t>(w * 64) + __builtin_ctzll(bits));
      }
    }
  }

 private:
  std::vector<uint64_t> words_;
};

// Membership in a hash set: used for sparse samples from a huge range.
class HashSet {
 public:
  explicit HashSet(int64_t count) { set_.reserve(static_cast<size_t>(count)); }
  bool insert(int64_t v) { return set_.insert(v).second; }
  void append_sorted(std::vector<int64_t>& out) const {
    const size_t first = out.size();
    out.insert(out.end(), set_.begin(), set_.end());
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  }

 private:
  std::unordered_set<int64_t> set_;
};

}  // namespace

std::vector<int64_t> sample_distinct(int64_t n, int64_t count, Rng& rng) {
  DENDRITE_ASSERT(count >= 0 && count <= n, "sample_distinct: count {} not in [0, {}]", count, n);
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(count));
  constexpr int64_t kSmallRange = int64_t{1} << 16;
  if (n <= kSmallRange || n / 64 <= count) {
    BitSet set(n);
    floyd(n, count, rng, set);
    set.append_sorted(out);
  } else {
    HashSet set(count);
    floyd(n, count, rng, set);
    set.append_sorted(out);
  }
  return out;
}

}  // namespace dendrite::detail
