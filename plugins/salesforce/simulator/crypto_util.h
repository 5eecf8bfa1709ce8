// Randomness, hashing and encodings the simulator needs for OAuth:
// unguessable tokens and codes, PKCE S256 and the token-response signature.
#pragma once

#include <string>

namespace sfsim {

// `bytes` random bytes from OpenSSL's CSPRNG, base64url without padding.
std::string random_urlsafe(std::size_t bytes);
// `bytes` random bytes, standard base64 with padding: authorization codes
// look like this on real orgs (they contain '+', '/' and end in '=').
std::string random_base64(std::size_t bytes);

std::string sha256_raw(const std::string& data);
std::string hmac_sha256_raw(const std::string& key, const std::string& data);
std::string base64_encode(const std::string& raw);
std::string base64url_encode(const std::string& raw);  // no padding

// PKCE S256: base64url(SHA-256(verifier)).
std::string pkce_challenge_s256(const std::string& verifier);

}  // namespace sfsim
