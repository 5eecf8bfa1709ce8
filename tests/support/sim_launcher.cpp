#include "sim_launcher.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace simlaunch {

namespace {

size_t write_body(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Every header of the response (not of a 1xx before it), through libcurl's
// header API: the last value of a repeated header, as curl_easy_header
// returns it (surrounding whitespace removed).
std::map<std::string, std::string> response_headers(CURL* curl) {
  std::map<std::string, std::string> out;
  curl_header* prev = nullptr;
  while (curl_header* h = curl_easy_nextheader(curl, CURLH_HEADER, -1, prev)) {
    prev = h;
    curl_header* last = nullptr;
    if (curl_easy_header(curl, h->name, h->amount - 1, CURLH_HEADER, -1, &last) == CURLHE_OK)
      out[lower(h->name)] = last->value;
  }
  return out;
}

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_ALL); }
};

}  // namespace

HttpResult http(const HttpRequest& req) {
  static CurlGlobal global;
  HttpResult result;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  if (req.method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (!req.body.empty() || req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
  }
  curl_slist* headers = nullptr;
  for (const auto& h : req.headers) headers = curl_slist_append(headers, h.c_str());
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, req.timeout_ms);
  if (req.insecure_tls) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!req.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, req.ca_file.c_str());
  const CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) result.error = curl_easy_strerror(rc);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  result.headers = response_headers(curl);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return result;
}

HttpResult get(const std::string& url, const std::vector<std::string>& headers) {
  HttpRequest r;
  r.url = url;
  r.headers = headers;
  return http(r);
}

HttpResult post(const std::string& url, const std::string& body, const std::string& content_type,
                const std::vector<std::string>& headers) {
  HttpRequest r;
  r.method = "POST";
  r.url = url;
  r.body = body;
  r.headers = headers;
  r.headers.push_back("Content-Type: " + content_type);
  return http(r);
}

std::string url_encode(const std::string& s) {
  // libcurl keeps exactly RFC 3986's unreserved characters, as sfsim expects.
  static CurlGlobal global;
  char* escaped = curl_easy_escape(nullptr, s.data(), static_cast<int>(s.size()));
  if (escaped == nullptr) throw std::runtime_error("curl_easy_escape failed");
  std::string out(escaped);
  curl_free(escaped);
  return out;
}

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& f : fields) out += (out.empty() ? "" : "&") + url_encode(f.first) + "=" + url_encode(f.second);
  return out;
}

SimLauncher::SimLauncher(const std::string& sfsim_binary, const std::vector<std::string>& args) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    // Keep the test log readable: the per-request log goes nowhere.
    if (!std::getenv("SFSIM_TEST_LOG")) {
      const int devnull = open("/dev/null", O_WRONLY);
      if (devnull >= 0) dup2(devnull, STDERR_FILENO);
    }
    std::vector<std::string> argv_s = {sfsim_binary, "--port", "0"};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  stdout_fd_ = out[0];
  // The banner, read a byte at a time up to its newline, for at most 10 s.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    pollfd p{stdout_fd_, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) break;
    char c;
    if (read(stdout_fd_, &c, 1) != 1 || c == '\n') break;
    first_line_.push_back(c);
  }
  if (!first_line_.empty() && first_line_.back() == '\r') first_line_.pop_back();
  const std::string prefix = "sfsim listening at ";
  if (first_line_.compare(0, prefix.size(), prefix) == 0) base_url_ = first_line_.substr(prefix.size());
}

int SimLauncher::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

SimLauncher::~SimLauncher() { stop(); }

std::string SimLauncher::control(const std::string& method, const std::string& path, const std::string& body,
                                 const std::string& content_type) const {
  HttpRequest req;
  req.method = method;
  req.url = base_url_ + path;
  req.body = body;
  req.headers = {"Content-Type: " + content_type};
  const HttpResult res = http(req);
  if (!res.error.empty()) throw std::runtime_error(method + " " + path + " failed: " + res.error);
  if (res.status >= 400)
    throw std::runtime_error(method + " " + path + " -> " + std::to_string(res.status) + " " + res.body);
  return res.body;
}

}  // namespace simlaunch
