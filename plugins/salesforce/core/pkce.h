// PKCE (RFC 7636, S256).
//
// Every authorization attempt gets a fresh verifier drawn from OpenSSL's
// CSPRNG (the attempt's `state` is oauth_state.h's):
//
//   PkcePair p = make_pkce_pair();          // p.verifier stays in the session
//   url += "&code_challenge=" + p.challenge;
#pragma once

#include <string>

namespace salesforce {

struct PkcePair {
  std::string verifier;   // 43..128 chars of base64url; a secret
  std::string challenge;  // base64url(SHA-256(verifier)), no padding
};

// A new verifier (64 random bytes -> 86 characters) and its S256 challenge.
PkcePair make_pkce_pair();

// The S256 challenge of `verifier`.
std::string pkce_challenge(const std::string& verifier);

}  // namespace salesforce
