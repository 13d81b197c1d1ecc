#include "framework/data/sha256.h"

#include <openssl/evp.h>

#include "framework/core/error.h"

namespace dendrite {

struct Sha256::Context {
  EVP_MD_CTX* md = nullptr;
  bool finished = false;
  ~Context() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : ctx_(std::make_unique<Context>()) {
  ctx_->md = EVP_MD_CTX_new();
  DENDRITE_CHECK(ctx_->md != nullptr && EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) == 1,
                 "SHA-256: libcrypto could not start a digest");
}

Sha256::~Sha256() = default;

void Sha256::update(const void* data, std::size_t bytes) {
  DENDRITE_ASSERT(!ctx_->finished, "Sha256::update after hex_digest");
  DENDRITE_CHECK(EVP_DigestUpdate(ctx_->md, data, bytes) == 1, "SHA-256: libcrypto failed on {} bytes", bytes);
}

std::string Sha256::hex_digest() {
  DENDRITE_ASSERT(!ctx_->finished, "Sha256::hex_digest called twice");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  DENDRITE_CHECK(EVP_DigestFinal_ex(ctx_->md, digest, &length) == 1, "SHA-256: libcrypto could not finish");
  ctx_->finished = true;
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

std::string sha256_hex(const std::string& text) {
  Sha256 h;
  h.update(text);
  return h.hex_digest();
}

}  // namespace dendrite
