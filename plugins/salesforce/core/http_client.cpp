#include "http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>

#include "connection_pool.h"
#include "console_plugin/console_plugin.hpp"
#include "plugin_version.h"
#include "salesforce_errors.h"
#include "url_codec.h"

namespace salesforce {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Collects a response body up to a limit; returning less than was given
// makes libcurl stop the transfer (CURLE_WRITE_ERROR), which send() reports
// as a response too large rather than as a network failure.
struct BodySink {
  std::string* body;
  size_t limit;
  bool too_large = false;
};

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  const size_t n = size * count;
  if (sink->body->size() + n > sink->limit) {
    sink->too_large = true;
    return 0;
  }
  sink->body->append(data, n);
  return n;
}

// "32 MB" for whole megabytes, "100 bytes" otherwise.
std::string size_text(size_t bytes) {
  constexpr size_t kMb = size_t{1024} * 1024;
  if (bytes >= kMb && bytes % kMb == 0) return std::to_string(bytes / kMb) + " MB";
  return std::to_string(bytes) + " bytes";
}

// The value of response header `name` of the last request (the last one
// when it was sent more than once), "" when it was not sent.
std::string response_header(CURL* easy, const char* name) {
  curl_header* h = nullptr;
  if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h) return {};
  if (h->amount > 1 && curl_easy_header(easy, name, h->amount - 1, CURLH_HEADER, -1, &h) != CURLHE_OK) return {};
  return h->value ? std::string(h->value) : std::string();
}

// Connection errors where the request certainly never reached the server.
bool never_sent(CURLcode code) {
  return code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_RESOLVE_PROXY;
}

bool transient_network(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
      return true;
    default:
      return false;
  }
}

std::string url_without_query(const std::string& url) { return url.substr(0, url.find('?')); }

constexpr const char* kDeliveryUnknown = "{\"delivery\":\"unknown\"}";

}  // namespace

bool answer_lost(const std::exception& error) {
  const auto* e = dynamic_cast<const console::Error*>(&error);
  return e != nullptr && e->code() == CONSOLE_ERR_NETWORK &&
         e->detail_json().find("\"delivery\":\"unknown\"") != std::string::npos;
}

namespace {

// Seeded once per thread: a random_device read per client costs a system call.
std::mt19937& jitter() {
  thread_local std::mt19937 engine{std::random_device{}()};
  return engine;
}

}  // namespace

struct HttpClient::Impl {
  CURL* easy = nullptr;
  std::shared_ptr<ConnectionPool> pool;  // kept alive until the handle is back
  ~Impl() {
    if (!easy) return;
    if (pool) {
      pool->give_back(easy);
    } else {
      curl_easy_cleanup(easy);
    }
  }
};

bool is_transient_http_failure(const HttpResponse& response) {
  if (response.status == 502 || response.status == 503 || response.status == 504) return true;
  if (response.status != 500) return false;
  const auto fault = find_salesforce_error(response.body);
  return !fault || fault->code == "UNKNOWN_EXCEPTION";
}

HttpClient::HttpClient(Options options) : impl_(std::make_unique<Impl>()), options_(std::move(options)) {
  global_init_once();
  impl_->pool = options_.pool;
  impl_->easy = impl_->pool ? impl_->pool->take() : curl_easy_init();
  if (!impl_->easy) throw console::Error(CONSOLE_ERR_INTERNAL, "libcurl could not create a handle");
}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::send(const HttpRequest& request) {
  CURL* easy = impl_->easy;
  const int attempts = std::max(1, options_.max_attempts);
  std::string last_error;
  for (int attempt = 1;; ++attempt) {
    if (trace_) trace_(request.method + " " + url_without_query(request.url));
    HttpResponse response;
    char error_buffer[CURL_ERROR_SIZE] = {0};
    curl_easy_reset(easy);
    curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &write_body);
    BodySink sink{&response.body, options_.max_response_bytes};
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "SmartFlowsSalesforceConnector/" SALESFORCE_PLUGIN_VERSION);
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
    if (request.method == "GET") {
      curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.c_str());
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    curl_slist* headers = nullptr;
    for (const auto& h : request.headers) headers = curl_slist_append(headers, h.c_str());
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);

    const CURLcode code = curl_easy_perform(easy);
    curl_slist_free_all(headers);

    bool retry = false;
    if (sink.too_large) {
      throw console::Error(
          CONSOLE_ERR_REMOTE_ERROR,
          "Salesforce sent a response larger than " + size_text(options_.max_response_bytes) + "; it was not read.", "",
          false);
    }
    if (code == CURLE_OK) {
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
      curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &response.new_connections);
      char* ct = nullptr;
      if (curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) response.content_type = ct;
      response.limit_info = response_header(easy, "Sforce-Limit-Info");
      if (!is_transient_http_failure(response) || !request.idempotent) return response;
      retry = true;
      last_error = "HTTP " + std::to_string(response.status);
      if (attempt >= attempts) return response;
    } else {
      last_error = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
      retry = transient_network(code) && (request.idempotent || never_sent(code));
      if (!retry || attempt >= attempts) {
        std::string origin;
        try {
          origin = origin_of(request.url);
        } catch (const console::Error&) {
          origin = "the server";
        }
        std::string message = "Could not reach ";
        message.append(origin).append(": ").append(last_error);
        if (attempt > 1)
          message.append(" (tried ").append(std::to_string(attempt)).append(" times).");
        else
          message += '.';
        throw console::Error(CONSOLE_ERR_NETWORK, message, "", true,
                             never_sent(code) ? std::string() : std::string(kDeliveryUnknown));
      }
    }
    // Exponential backoff with full jitter: base * 2^(n-1) + [0, base).
    const long base = static_cast<long>(options_.retry_base_delay_ms) << (attempt - 1);
    std::uniform_int_distribution<long> dist(0, std::max(0L, static_cast<long>(options_.retry_base_delay_ms)));
    std::this_thread::sleep_for(std::chrono::milliseconds(base + dist(jitter())));
  }
}

}  // namespace salesforce
