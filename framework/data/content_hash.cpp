#include "framework/data/content_hash.h"

#include <openssl/evp.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "framework/core/error.h"

namespace dendrite {

namespace {

static_assert(sizeof(float) == 4, "f32 images");
// The tensors' bytes are hashed as they are in memory, which is their little-endian encoding.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "dataset_content_hash assumes a little-endian host");

// Little-endian bytes of one 64-bit value.
void put_u64(std::vector<std::uint8_t>& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    DENDRITE_ASSERT(ctx_ && EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) == 1, "SHA-256 init failed");
  }
  void update(const void* data, std::size_t n) {
    DENDRITE_ASSERT(EVP_DigestUpdate(ctx_.get(), data, n) == 1, "SHA-256 update failed");
  }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    DENDRITE_ASSERT(EVP_DigestFinal_ex(ctx_.get(), digest, &n) == 1, "SHA-256 final failed");
    std::string out;
    for (unsigned int i = 0; i < n; ++i) out += fmt::format("{:02x}", digest[i]);
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
};

void update_split(Sha256& sha, const Dataset& d) {
  check_dataset(d, "dataset_content_hash");
  std::vector<std::uint8_t> head;
  put_u64(head, d.sample_shape.size());
  for (std::int64_t s : d.sample_shape) put_u64(head, static_cast<std::uint64_t>(s));
  put_u64(head, static_cast<std::uint64_t>(d.size()));
  put_u64(head, static_cast<std::uint64_t>(d.num_classes));
  sha.update(head.data(), head.size());
  sha.update(d.images.f32(), d.images.nbytes());
  sha.update(d.labels.i32(), d.labels.nbytes());
}

}  // namespace

std::string dataset_content_hash(const Dataset& train, const Dataset& test) {
  Sha256 sha;
  update_split(sha, train);
  update_split(sha, test);
  return sha.hex();
}

}  // namespace dendrite
