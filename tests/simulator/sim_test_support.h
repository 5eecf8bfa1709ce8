// Test support for the simulator's integration tests: the shared launcher
// (tests/support) for the sfsim binary and its plain libcurl client, and
// the built-in org's facts and flows.
#pragma once

#include <rapidjson/document.h>

#include <map>
#include <string>
#include <vector>

#include "sim_launcher.h"

namespace sfsim_test {

// The plain libcurl client of the shared launcher.
using simlaunch::get;
using simlaunch::http;
using simlaunch::HttpRequest;
using simlaunch::HttpResult;
using simlaunch::post;
HttpResult post_json(const std::string& url, const std::string& json);
HttpResult post_form(const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields);

using simlaunch::form;
using simlaunch::url_encode;
// Query parameter `name` of a URL, decoded ("" when absent).
std::string query_param(const std::string& url, const std::string& name);
rapidjson::Document parse_json(const std::string& text);

// The sfsim binary under test, started by the shared launcher.
class SimProcess : public simlaunch::SimLauncher {
 public:
  explicit SimProcess(const std::vector<std::string>& extra_args = {});
  // Sends SIGTERM and returns the exit status (-1 if killed by a signal).
  int terminate() { return stop(); }
};

// Path to the sfsim binary (from the SFSIM_BINARY compile definition).
std::string sfsim_binary();

// Well-known facts of the built-in org.
inline const char* kClientId = "3MVG9SIMULATOR0SmartFlowsConsumerKey";
inline const char* kClientSecret = "sim-consumer-secret";
inline const char* kCallback = "http://localhost:1717/OauthRedirect";
inline const char* kPassword = "sim-password";

// Password-grant access token for a user of the built-in org.
std::string password_token(const std::string& base, const std::string& username);
// Full web-server flow through /__sim/browser/authorize; returns the token
// response document (access_token, refresh_token, ...).
rapidjson::Document authorize_and_exchange(const std::string& base, const std::string& username,
                                           const std::string& scope = "api refresh_token");
std::string bearer(const std::string& token);
std::string soap_envelope(const std::string& session_id, const std::string& body_xml);
HttpResult soap(const std::string& base, const std::string& session_id, const std::string& body_xml,
                const std::string& version = "62.0");

}  // namespace sfsim_test
