// Salesforce's errors, read from the wire and told in words an admin acts on.
//
// Salesforce reports failures three ways: a REST error array
// ([{"errorCode":"...","message":"..."}]), a SOAP fault (faultcode
// "sf:CODE"), and OAuth errors ({"error":"...","error_description":"..."}
// or ?error=...&error_description=... on a redirect). Each maps to one
// console::Error with a stable code and a message that names the cause and
// the fix. Messages never contain tokens, codes or secrets.
//
//   if (auto e = find_salesforce_error(response.body)) throw api_failure(response.status, *e);
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "console_plugin/console_plugin.hpp"
#include "console_plugin/input_bounds.hpp"

namespace salesforce {

struct SalesforceError {
  std::string code;     // e.g. "INVALID_SESSION_ID"
  std::string message;  // Salesforce's text
};

struct OAuthError {
  std::string error;        // e.g. "invalid_grant"
  std::string description;  // e.g. "expired access/refresh token"
};

// The first error of a REST error array or a SOAP fault; nullopt otherwise.
std::optional<SalesforceError> find_salesforce_error(const std::string& body);

// An OAuth error document; nullopt when `body` is not one.
std::optional<OAuthError> parse_oauth_error(const std::string& body);

// How much of Salesforce's own text (an error code, a message) goes into a
// message; the rest is replaced by a note saying how much was left out.
constexpr std::size_t kMaxRemoteCodeBytes = 100;
constexpr std::size_t kMaxRemoteTextBytes = 1000;

// A failed API call as the error the admin sees.
console::Error api_failure(long http_status, const SalesforceError& error);

// A failed API call whose body carries no Salesforce error.
console::Error http_failure(long http_status, const std::string& what);

// Where an OAuth error happened: it changes what the admin should do.
enum class OAuthPhase { kAuthorize, kCodeExchange, kRefresh };

// An OAuth error as the error the admin sees. `field` is the wizard field
// to attach it to ("" outside the wizard).
console::Error oauth_failure(const OAuthError& error, OAuthPhase phase, const std::string& field);

// The message for a refresh token Salesforce no longer accepts.
extern const char* const kReauthorizationNeededMessage;

}  // namespace salesforce
