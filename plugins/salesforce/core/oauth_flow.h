// The OAuth 2.0 authorization-code flow with PKCE, as Salesforce runs it.
//
// One AuthorizationAttempt per press of "Authorize Smart Flows": a fresh
// state and verifier, bound to the wizard session that made them and used
// at most once.
//
//   AuthorizationAttempt a = start_authorization(login_url, redirect_uri);
//   browser_url = authorize_url(a, config.client_id);
//   ... the browser comes back ...
//   RedirectParams r = parse_redirect(redirect_url, a.redirect_uri);
//   TokenSet t = exchange_code(http, config, a, r.code);
#pragma once

#include <string>

#include "http_client.h"
#include "plugin_config.h"

namespace salesforce {

// Scopes the connector asks for: the REST/SOAP APIs and a refresh token.
inline constexpr const char* kOAuthScopes = "api refresh_token";

struct AuthorizationAttempt {
  std::string state;     // >= 128 random bits; single use
  std::string verifier;  // PKCE secret
  std::string login_url;
  std::string redirect_uri;
};

struct TokenSet {
  std::string access_token;
  std::string refresh_token;  // "" when Salesforce sent none (refresh without rotation)
  std::string instance_url;
  std::string id_url;
  std::string org_id;
  std::string user_id;
};

// What the browser brought back on the redirect.
struct RedirectParams {
  std::string code;
  std::string state;
  std::string error;
  std::string error_description;
};

AuthorizationAttempt start_authorization(const std::string& login_url, const std::string& redirect_uri);

// https://<login host>/services/oauth2/authorize?... with PKCE S256.
std::string authorize_url(const AuthorizationAttempt& attempt, const std::string& client_id);

// Reads the query of the redirect the host received. Throws
// console::Error(invalid_input, field "authorize") when the URL is not a
// redirect to `redirect_uri`.
RedirectParams parse_redirect(const std::string& redirect_url, const std::string& redirect_uri);

// True when `url` is Salesforce's OAuth error page on `login_url`
// (/setup/secur/RemoteAccessErrorPage.apexp), where the browser lands for
// errors Salesforce does not redirect.
bool is_salesforce_oauth_error_page(const std::string& url, const std::string& login_url);
// The error and error_description of that page's URL.
RedirectParams parse_error_page(const std::string& url);

// POST /services/oauth2/token (authorization_code). Throws console::Error
// with the admin-facing message on any refusal (field "authorize").
TokenSet exchange_code(HttpClient& http, const PluginConfig& config, const AuthorizationAttempt& attempt,
                       const std::string& code);

// Parses a successful token response. `require_refresh_token` for the code
// exchange. Throws console::Error(remote_error) for a malformed response.
TokenSet parse_token_response(const std::string& body, bool require_refresh_token);

// ".../id/<org id>/<user id>" -> org and user ids.
void split_identity_url(const std::string& id_url, std::string& org_id, std::string& user_id);

}  // namespace salesforce
