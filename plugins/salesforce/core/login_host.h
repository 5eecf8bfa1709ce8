// Environment -> Salesforce login host.
//
// The connector only ever sends credentials to a Salesforce login host:
// production, test (sandboxes) or an org's My Domain. Admins type My Domains
// in many shapes, so a custom domain is normalised first and then checked:
//
//   LoginHost h = resolve_login_host(Environment::kCustom, "https://acme.my.salesforce.com/", false);
//   // h.ok, h.url == "https://acme.my.salesforce.com"
//   h = resolve_login_host(Environment::kCustom, "acme.lightning.force.com", false);
//   // !h.ok, h.error explains, h.recommended == "acme.my.salesforce.com"
#pragma once

#include <string>

#include "vocabulary.h"

namespace salesforce {

inline constexpr const char* kProductionLoginUrl = "https://login.salesforce.com";
inline constexpr const char* kTestLoginUrl = "https://test.salesforce.com";

struct LoginHost {
  bool ok = false;
  std::string url;          // "https://host" (no path, no trailing slash) when ok
  std::string domain;       // the normalised custom domain the admin sees ("" unless custom)
  std::string error;        // why the input was refused (when !ok)
  std::string recommended;  // a corrected value to offer, or ""
};

// Maps an environment and, for a custom domain, the admin's input to a
// login host. `allow_loopback` (a development-only
// host setting) additionally accepts http://127.0.0.1:PORT and
// http://localhost:PORT, i.e. the simulator.
LoginHost resolve_login_host(Environment environment, const std::string& custom_domain, bool allow_loopback);

// True when `url` (scheme://host[:port][/...]) may receive tokens: an https
// Salesforce host (login, My Domain, instance) on port 443, or a loopback URL
// when `allow_loopback`. Used for the instance URL a token response names.
// The URL is read as libcurl, which sends the tokens, reads it (CURLU), and
// must name its host plainly: no user name or password before it, and
// scheme://host[:port] spelled as libcurl read it (so no percent-encoded
// host, no numeric IPv4 address, no port with leading zeros). Case and a
// trailing dot on the host do not matter.
bool is_trusted_salesforce_url(const std::string& url, bool allow_loopback);

}  // namespace salesforce
