// Renewing the access token with the refresh token (one token request).
//
// With refresh-token rotation Salesforce returns a new refresh token and
// kills the old one: the caller must persist the returned set at once. A
// refusal (invalid_grant: revoked, idle past the policy, pushed out by newer
// tokens) is final and never retried; it means "re-authorization needed".
//
//   TokenSet t = refresh_tokens(http, config, state.login_url, state.refresh_token);
#pragma once

#include <string>

#include "http_client.h"
#include "oauth_flow.h"
#include "plugin_config.h"

namespace salesforce {

// Returns the renewed tokens; `refresh_token` is the new one when rotated,
// else `refresh_token` passed in. Throws console::Error(auth_required) when
// Salesforce refuses the refresh token.
TokenSet refresh_tokens(HttpClient& http, const PluginConfig& config, const std::string& login_url,
                        const std::string& refresh_token);

}  // namespace salesforce
