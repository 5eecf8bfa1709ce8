#include "crypto_util.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <boost/algorithm/string.hpp>
#include <memory>
#include <stdexcept>
#include <vector>

namespace sfsim {

namespace {
std::string random_raw(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) throw std::runtime_error("RAND_bytes failed");
  return std::string(buf.begin(), buf.end());
}
}  // namespace

std::string base64_encode(const std::string& raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(&out[0]),
                                reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(raw.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string base64url_encode(const std::string& raw) {
  std::string s = base64_encode(raw);
  boost::trim_right_if(s, boost::is_any_of("="));
  for (char& c : s) {
    if (c == '+')
      c = '-';
    else if (c == '/')
      c = '_';
  }
  return s;
}

std::string random_urlsafe(std::size_t bytes) { return base64url_encode(random_raw(bytes)); }
std::string random_base64(std::size_t bytes) { return base64_encode(random_raw(bytes)); }

std::string sha256_raw(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

// OpenSSL 3's one-shot HMAC() fetches the MAC and the digest and builds its
// contexts on every call, a sixth of a token request's cost: the MAC is
// fetched once, and each thread keeps a context set to SHA-256 and only
// re-keys it.
std::string hmac_sha256_raw(const std::string& key, const std::string& data) {
  using MacCtx = std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)>;
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  thread_local const MacCtx ctx = [] {
    MacCtx c(mac != nullptr ? EVP_MAC_CTX_new(mac) : nullptr, &EVP_MAC_CTX_free);
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (c && EVP_MAC_CTX_set_params(c.get(), params) != 1) c.reset();
    return c;
  }();
  if (!ctx) throw std::runtime_error("HMAC-SHA256 is not available");
  // An empty key is still a key: EVP_MAC_init reads NULL as "keep the last one".
  static const unsigned char kNoBytes = 0;
  const auto* k = key.empty() ? &kNoBytes : reinterpret_cast<const unsigned char*>(key.data());
  unsigned char digest[EVP_MAX_MD_SIZE];
  std::size_t len = 0;
  if (EVP_MAC_init(ctx.get(), k, key.size(), nullptr) != 1 ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
      EVP_MAC_final(ctx.get(), digest, &len, sizeof digest) != 1) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(digest), len);
}

std::string pkce_challenge_s256(const std::string& verifier) { return base64url_encode(sha256_raw(verifier)); }

}  // namespace sfsim
