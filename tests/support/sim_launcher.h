// Test support shared by every suite that runs sfsim: a plain libcurl HTTP
// client, and the sfsim binary as a child process on a free port.
//
// It depends on nothing of the plugin, so a bug in the plugin's own HTTP
// client cannot hide on both sides of a test.
//
//   simlaunch::SimLauncher sim(SFSIM_PATH, {"--org", file});   // sfsim --port 0 --org file
//   std::string state = sim.control("GET", "/__sim/state");    // throws on >= 400
//   simlaunch::HttpResult r = simlaunch::get(sim.base_url() + "/services/oauth2/userinfo");
//   r.header("content-type");
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace simlaunch {

struct HttpResult {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names; the last of a repeated header
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

// One request, no retries, no proxy, no redirects followed.
HttpResult http(const HttpRequest& req);
HttpResult get(const std::string& url, const std::vector<std::string>& headers = {});
HttpResult post(const std::string& url, const std::string& body, const std::string& content_type,
                const std::vector<std::string>& headers = {});

// application/x-www-form-urlencoded, RFC 3986 unreserved characters kept.
std::string url_encode(const std::string& s);
std::string form(const std::vector<std::pair<std::string, std::string>>& fields);

// A running sfsim: `sfsim --port 0 <args>`, stopped (SIGTERM) by stop() or
// the destructor. The constructor waits up to 10 s for the banner
// ("sfsim listening at <url>"); when it does not come, base_url() is empty
// and first_line() holds what sfsim printed instead. sfsim's request log
// (stderr) goes to /dev/null unless SFSIM_TEST_LOG is set.
class SimLauncher {
 public:
  SimLauncher(const std::string& sfsim_binary, const std::vector<std::string>& args = {});
  ~SimLauncher();
  SimLauncher(const SimLauncher&) = delete;
  SimLauncher& operator=(const SimLauncher&) = delete;

  const std::string& base_url() const { return base_url_; }
  const std::string& first_line() const { return first_line_; }
  // SIGTERM, then the exit status (-1 if killed by a signal or not running).
  int stop();

  // A request to sfsim (path relative to the base URL); throws
  // std::runtime_error on a transport error or a status >= 400.
  std::string control(const std::string& method, const std::string& path, const std::string& body = "",
                      const std::string& content_type = "application/json") const;

 private:
  int pid_ = -1;
  int stdout_fd_ = -1;  // kept open while sfsim runs, so a late write cannot SIGPIPE it
  std::string base_url_;
  std::string first_line_;
};

}  // namespace simlaunch
