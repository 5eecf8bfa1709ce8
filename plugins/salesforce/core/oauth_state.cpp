#include "oauth_state.h"

#include <openssl/crypto.h>

#include "base64url.h"

namespace salesforce {

std::string make_oauth_state() { return random_base64url(32); }

bool oauth_state_matches(const std::string& received, const std::string& expected) {
  if (expected.empty() || received.size() != expected.size()) return false;
  return CRYPTO_memcmp(received.data(), expected.data(), expected.size()) == 0;
}

}  // namespace salesforce
