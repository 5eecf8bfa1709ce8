// Revoking a refresh token (POST /services/oauth2/revoke): Salesforce then
// refuses it and ends every session issued from it.
//
// Every refresh token the connector obtains and the host does not keep is
// revoked before the call that obtained it returns (dry runs, cancelled or
// failed wizards, the token a new sign-in replaces), and so is a deleted
// connector's: Salesforce keeps only a few refresh tokens per user and app
// and revokes the OLDEST on the next approval, which would be a live
// connector's.
//
//   revoke_refresh_token(http, state.login_url, state.refresh_token);  // throws on a network failure
#pragma once

#include <string>

#include "http_client.h"

namespace salesforce {

// Revokes `token` at `login_url`. A token Salesforce no longer knows
// (invalid_token: already revoked, rotated away or expired) counts as
// revoked. Throws console::Error(network | remote_error) when Salesforce
// could not be asked or refused otherwise.
void revoke_refresh_token(HttpClient& http, const std::string& login_url, const std::string& token);

}  // namespace salesforce
