#include "pkce.h"

#include <openssl/sha.h>

#include "base64url.h"

namespace salesforce {

std::string pkce_challenge(const std::string& verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return base64url_encode(digest, sizeof digest);
}

PkcePair make_pkce_pair() {
  PkcePair p;
  p.verifier = random_base64url(64);
  p.challenge = pkce_challenge(p.verifier);
  return p;
}

}  // namespace salesforce
