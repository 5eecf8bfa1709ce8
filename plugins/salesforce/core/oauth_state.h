// The OAuth `state` value (RFC 6749 section 10.12): made fresh for every
// authorization attempt, and checked against the one the redirect brings
// back, in time that does not tell an attacker how much of a guess matched.
//
//   std::string state = make_oauth_state();  // 256 random bits
//   if (!oauth_state_matches(redirect.state, state)) { ... not our redirect ... }
#pragma once

#include <string>

namespace salesforce {

// A new state value: 32 random bytes (256 bits), base64url. Throws
// console::Error(internal) if the CSPRNG fails.
std::string make_oauth_state();

// True when `received` is `expected`, compared in time independent of where
// they differ (CRYPTO_memcmp). An empty `expected` matches nothing.
bool oauth_state_matches(const std::string& received, const std::string& expected);

}  // namespace salesforce
