// PKCE (RFC 7636, S256) and the OAuth `state` value.
//
// Every authorization attempt gets a fresh verifier and a fresh state drawn
// from OpenSSL's CSPRNG:
//
//   PkcePair p = make_pkce_pair();          // p.verifier stays in the session
//   url += "&code_challenge=" + p.challenge;
//   std::string state = make_oauth_state(); // 256 random bits
#pragma once

#include <string>

namespace salesforce {

struct PkcePair {
  std::string verifier;   // 43..128 chars of base64url; a secret
  std::string challenge;  // base64url(SHA-256(verifier)), no padding
};

// base64url without padding (RFC 4648 section 5).
std::string base64url_encode(const unsigned char* data, size_t size);

// `bytes` random bytes from RAND_bytes, base64url encoded. Throws
// console::Error(internal) if the CSPRNG fails.
std::string random_base64url(size_t bytes);

// A new verifier (64 random bytes -> 86 characters) and its S256 challenge.
PkcePair make_pkce_pair();

// The S256 challenge of `verifier`.
std::string pkce_challenge(const std::string& verifier);

// A new state value: 32 random bytes (256 bits), base64url.
std::string make_oauth_state();

// Compares two secrets in time independent of where they differ.
bool secrets_equal(const std::string& a, const std::string& b);

}  // namespace salesforce
