// The Salesforce wizard schema (docs/wizard-protocol.md, section 1).
//
// The host renders these steps; the plugin validates the answers again in
// wizard_session.cpp. Field and option ids here are the contract with hosts
// and answers files, so they never change meaning.
//
//   std::string schema = salesforce::wizard_schema_json();
#pragma once

#include <string>

namespace salesforce {

// Step and field ids, shared by the schema and the session.
inline constexpr const char* kStepEnvironment = "environment";
inline constexpr const char* kStepAuthorize = "authorize";
inline constexpr const char* kStepConnected = "connected";

inline constexpr const char* kFieldEnvironment = "environment";
inline constexpr const char* kFieldCustomDomain = "custom_domain";
inline constexpr const char* kFieldButtons = "buttons";
inline constexpr const char* kFieldObject = "object";
inline constexpr const char* kFieldAuthorize = "authorize";
inline constexpr const char* kFieldAuthorizeStatus = "status";
inline constexpr const char* kFieldConnectedStatus = "status";

inline constexpr const char* kDefaultObject = "Account";

// The complete schema document for `describe`. Pure; no network.
std::string wizard_schema_json();

}  // namespace salesforce
