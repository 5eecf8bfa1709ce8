#include "sim_test_support.h"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <curl/curl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sfsim_test {

namespace {
size_t write_body(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}
size_t write_header(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  std::string line(data, size * n);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    (*headers)[name] = value;
  }
  return size * n;
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
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, write_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, req.timeout_ms);
  if (req.insecure_tls) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!req.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, req.ca_file.c_str());
  const CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) result.error = curl_easy_strerror(rc);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
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

HttpResult post_json(const std::string& url, const std::string& json) { return post(url, json, "application/json"); }

HttpResult post_form(const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields) {
  return post(url, form(fields), "application/x-www-form-urlencoded");
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out.push_back(static_cast<char>(c));
    else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& f : fields) out += (out.empty() ? "" : "&") + url_encode(f.first) + "=" + url_encode(f.second);
  return out;
}

std::string query_param(const std::string& url, const std::string& name) {
  const auto q = url.find('?');
  if (q == std::string::npos) return {};
  std::string rest = url.substr(q + 1);
  size_t start = 0;
  while (start <= rest.size()) {
    const auto amp = rest.find('&', start);
    const std::string pair = rest.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      std::string raw = eq == std::string::npos ? "" : pair.substr(eq + 1), out;
      for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '+') out.push_back(' ');
        else if (raw[i] == '%' && i + 2 < raw.size()) {
          out.push_back(static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16)));
          i += 2;
        } else out.push_back(raw[i]);
      }
      return out;
    }
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return {};
}

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  if (d.HasParseError()) throw std::runtime_error("not JSON: " + text.substr(0, 300));
  return d;
}

std::string sfsim_binary() { return SFSIM_BINARY; }

SimProcess::SimProcess(const std::vector<std::string>& extra_args) {
  int out_pipe[2];
  if (pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    close(out_pipe[0]);
    close(out_pipe[1]);
    // Keep the test log readable: the per-request log goes nowhere.
    if (!getenv("SFSIM_TEST_LOG")) {
      FILE* devnull = fopen("/dev/null", "w");
      if (devnull) dup2(fileno(devnull), STDERR_FILENO);
    }
    std::vector<std::string> args = {sfsim_binary(), "--port", "0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  char c;
  while (read(out_pipe[0], &c, 1) == 1 && c != '\n') first_line_.push_back(c);
  close(out_pipe[0]);
  const std::string prefix = "sfsim listening at ";
  if (first_line_.compare(0, prefix.size(), prefix) == 0) base_url_ = first_line_.substr(prefix.size());
}

int SimProcess::terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

SimProcess::~SimProcess() { terminate(); }

std::string password_token(const std::string& base, const std::string& username) {
  const HttpResult r = post_form(base + "/services/oauth2/token", {{"grant_type", "password"},
                                                                   {"client_id", kClientId},
                                                                   {"client_secret", kClientSecret},
                                                                   {"username", username},
                                                                   {"password", kPassword}});
  if (r.status != 200) throw std::runtime_error("password grant failed: " + r.body);
  return parse_json(r.body)["access_token"].GetString();
}

rapidjson::Document authorize_and_exchange(const std::string& base, const std::string& username, const std::string& scope) {
  const std::string verifier = "test-verifier-0123456789-0123456789-0123456789-abcdefghijk";
  // base64url(SHA-256(verifier)), computed independently of the simulator.
  const std::string challenge = "9AOqEunWkNpX08YV7svKUTypgMDGzSXhhRhrxnIjbV0";
  const std::string url = base + "/services/oauth2/authorize?" +
                          form({{"response_type", "code"}, {"client_id", kClientId}, {"redirect_uri", kCallback},
                                {"scope", scope}, {"state", "st-1"}, {"code_challenge", challenge}});
  const HttpResult a = post_json(base + "/__sim/browser/authorize",
                                 std::string("{\"authorize_url\":\"") + url + "\",\"username\":\"" + username +
                                     "\",\"password\":\"" + kPassword + "\",\"decision\":\"allow\"}");
  if (a.status != 200) throw std::runtime_error("browser authorize failed: " + a.body);
  const std::string redirect = parse_json(a.body)["redirect"].GetString();
  const HttpResult t = post_form(base + "/services/oauth2/token", {{"grant_type", "authorization_code"},
                                                                   {"code", query_param(redirect, "code")},
                                                                   {"client_id", kClientId},
                                                                   {"client_secret", kClientSecret},
                                                                   {"redirect_uri", kCallback},
                                                                   {"code_verifier", verifier}});
  if (t.status != 200) throw std::runtime_error("code exchange failed: " + t.body);
  return parse_json(t.body);
}

std::string bearer(const std::string& token) { return "Authorization: Bearer " + token; }

std::string soap_envelope(const std::string& session_id, const std::string& body_xml) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope "
         "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Header "
         "xmlns=\"http://soap.sforce.com/2006/04/metadata\"><SessionHeader><sessionId>" +
         session_id + "</sessionId></SessionHeader></soapenv:Header><soapenv:Body "
         "xmlns=\"http://soap.sforce.com/2006/04/metadata\">" + body_xml + "</soapenv:Body></soapenv:Envelope>";
}

HttpResult soap(const std::string& base, const std::string& session_id, const std::string& body_xml,
                const std::string& version) {
  return post(base + "/services/Soap/m/" + version, soap_envelope(session_id, body_xml), "text/xml",
              {"SOAPAction: \"\""});
}

}  // namespace sfsim_test
