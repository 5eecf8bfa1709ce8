#include "crypto_util.h"

#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace sfsim {

namespace {
std::string random_raw(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return std::string(buf.begin(), buf.end());
}
}  // namespace

std::string base64_encode(const std::string& raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(&out[0]),
                                reinterpret_cast<const unsigned char*>(raw.data()),
                                static_cast<int>(raw.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string base64url_encode(const std::string& raw) {
  std::string s = base64_encode(raw);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) {
    if (c == '+') c = '-';
    else if (c == '/') c = '_';
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

// HMAC-SHA256 (RFC 2104) over a SHA-256 fetched once and a digest context
// kept per thread: OpenSSL 3's HMAC() fetches the MAC and the digest and
// builds three contexts for every call, a sixth of a token request's cost.
std::string hmac_sha256_raw(const std::string& key, const std::string& data) {
  constexpr std::size_t kBlock = 64;
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (sha256 == nullptr || !ctx) throw std::runtime_error("SHA-256 is not available");
  unsigned char k[kBlock] = {0};
  if (key.size() > kBlock) {
    const std::string hashed = sha256_raw(key);
    std::memcpy(k, hashed.data(), hashed.size());
  } else {
    std::memcpy(k, key.data(), key.size());
  }
  unsigned char pad[kBlock];
  unsigned char inner[SHA256_DIGEST_LENGTH];
  unsigned char digest[SHA256_DIGEST_LENGTH];
  unsigned int len = 0;
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = k[i] ^ 0x36;
  bool ok = EVP_DigestInit_ex(ctx.get(), sha256, nullptr) == 1 && EVP_DigestUpdate(ctx.get(), pad, kBlock) == 1 &&
            EVP_DigestUpdate(ctx.get(), data.data(), data.size()) == 1 &&
            EVP_DigestFinal_ex(ctx.get(), inner, &len) == 1;
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = k[i] ^ 0x5c;
  ok = ok && EVP_DigestInit_ex(ctx.get(), sha256, nullptr) == 1 && EVP_DigestUpdate(ctx.get(), pad, kBlock) == 1 &&
       EVP_DigestUpdate(ctx.get(), inner, sizeof inner) == 1 && EVP_DigestFinal_ex(ctx.get(), digest, &len) == 1;
  if (!ok) throw std::runtime_error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<const char*>(digest), len);
}

std::string pkce_challenge_s256(const std::string& verifier) {
  return base64url_encode(sha256_raw(verifier));
}

}  // namespace sfsim
