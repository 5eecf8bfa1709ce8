// Who the connector is, learned without spending API requests: the token
// response names the instance, and its `id` URL the org and the user. The
// API version comes from the org's version list, which Salesforce does not
// count against the daily limit.
//
//   state.api_version = choose_api_version(http, state.instance_url, config.api_version);
#pragma once

#include <string>

#include "http_client.h"

namespace salesforce {

// The oldest version with everything the connector uses (composite,
// UserPermissionAccess, upsertMetadata, platformActionList).
inline constexpr const char* kMinimumApiVersion = "45.0";

// GET <instance>/services/data/ and pick the newest version, or
// `configured` when the org offers it. Throws console::Error(invalid_input)
// for a configured version the org does not offer, or (unsupported) when
// the org is older than kMinimumApiVersion.
std::string choose_api_version(HttpClient& http, const std::string& instance_url, const std::string& configured);

}  // namespace salesforce
