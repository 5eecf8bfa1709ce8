// Test support for the simulator's integration tests: runs the sfsim
// binary as a child process on a free port, and a small libcurl client.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace sfsim_test {

struct HttpResult {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string error;                           // curl error, "" on success
  std::string header(const std::string& lower) const {
    const auto it = headers.find(lower);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  bool insecure_tls = false;
  std::string ca_file;
  long timeout_ms = 10000;
};

HttpResult http(const HttpRequest& req);
HttpResult get(const std::string& url, const std::vector<std::string>& headers = {});
HttpResult post(const std::string& url, const std::string& body, const std::string& content_type,
                const std::vector<std::string>& headers = {});
HttpResult post_json(const std::string& url, const std::string& json);
HttpResult post_form(const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields);

std::string url_encode(const std::string& s);
std::string form(const std::vector<std::pair<std::string, std::string>>& fields);
// Query parameter `name` of a URL, decoded ("" when absent).
std::string query_param(const std::string& url, const std::string& name);
rapidjson::Document parse_json(const std::string& text);

// A running sfsim process; stopped (SIGTERM) in the destructor.
class SimProcess {
 public:
  explicit SimProcess(const std::vector<std::string>& extra_args = {});
  ~SimProcess();
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  const std::string& base_url() const { return base_url_; }
  const std::string& first_line() const { return first_line_; }
  // Sends SIGTERM and returns the exit status (-1 if killed by a signal).
  int terminate();

 private:
  int pid_ = -1;
  std::string base_url_;
  std::string first_line_;
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
