// base64url (RFC 4648 section 5, no padding) and random base64url strings
// drawn from OpenSSL's CSPRNG: the text form of the OAuth secrets (the PKCE
// verifier, the state).
//
//   std::string secret = random_base64url(32);  // 256 random bits, 43 characters
#pragma once

#include <cstddef>
#include <string>

namespace salesforce {

// base64url without padding.
std::string base64url_encode(const unsigned char* data, size_t size);

// `bytes` random bytes from RAND_bytes, base64url encoded. Throws
// console::Error(internal) if the CSPRNG fails.
std::string random_base64url(size_t bytes);

}  // namespace salesforce
