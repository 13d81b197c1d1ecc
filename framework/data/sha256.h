// SHA-256 through OpenSSL's libcrypto, as lowercase hex: data set content hashes (content_hash.h)
// and the sweep's run keys.
//
//   Sha256 h;
//   h.update(text.data(), text.size());
//   std::string key = h.hex_digest();     // 64 hex digits
//   std::string same = sha256_hex(text);  // one call for one buffer
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace dendrite {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(const void* data, std::size_t bytes);
  void update(const std::string& text) { update(text.data(), text.size()); }
  // The digest of everything given so far; the hasher is finished after it.
  std::string hex_digest();

 private:
  struct Context;
  std::unique_ptr<Context> ctx_;
};

std::string sha256_hex(const std::string& text);

}  // namespace dendrite
