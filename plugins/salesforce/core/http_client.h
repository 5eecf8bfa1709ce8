// HTTP for talking to Salesforce: one libcurl easy handle per client, so the
// connection (and TLS session) is reused for every call of a wizard run or
// an action; with a ConnectionPool the handle, and so the connection, also
// outlives the client. TLS verification is always on (the CA bundle may be replaced,
// never disabled); redirects are not followed.
//
// Transient failures (connection failures, 502/503/504, a 500 that carries
// no Salesforce error or UNKNOWN_EXCEPTION) are retried with exponential
// backoff and jitter, a bounded number of times. Nothing else is retried;
// in particular REQUEST_LIMIT_EXCEEDED never is. A request that is not
// idempotent (the authorization-code exchange) is retried only when it
// certainly never reached the server.
//
//   HttpClient http(HttpClient::Options{});
//   HttpResponse r = http.send({"POST", token_url, {"Content-Type: application/x-www-form-urlencoded"}, body});
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace salesforce {

class ConnectionPool;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  bool idempotent = true;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::string content_type;
  std::string limit_info;    // Sforce-Limit-Info, e.g. "api-usage=18/15000"
  long new_connections = 0;  // connections opened for this response (0: a kept one was reused)
};

class HttpClient {
 public:
  struct Options {
    std::string ca_file;  // PEM bundle; empty = the system's
    long timeout_ms = 60000;
    long connect_timeout_ms = 10000;
    int max_attempts = 3;
    int retry_base_delay_ms = 200;
    // Larger bodies are refused unread (readMetadata of ten large layouts
    // is about 300 KB).
    size_t max_response_bytes = size_t{32} * 1024 * 1024;
    std::shared_ptr<ConnectionPool> pool;  // borrow the handle from here; empty: a handle of its own
  };

  explicit HttpClient(Options options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request`, retrying transient failures. Returns any HTTP response
  // that is final (including 4xx/5xx); throws console::Error(network,
  // retryable) when the server could not be reached, naming only its origin
  // (see answer_lost() for a request that may have been carried out).
  HttpResponse send(const HttpRequest& request);

  // Called with the method and the URL without its query before each
  // attempt; for debug logging (never carries a secret).
  void set_trace(std::function<void(const std::string&)> trace) { trace_ = std::move(trace); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Options options_;
  std::function<void(const std::string&)> trace_;
};

// True when `response` is a transient server failure worth retrying.
bool is_transient_http_failure(const HttpResponse& response);

// True when `error` is a network failure after the request may have reached
// the server (the connection dropped or timed out while waiting for the
// answer): the request may or may not have been carried out. HttpClient
// marks such errors with detail {"delivery":"unknown"}.
bool answer_lost(const std::exception& error);

}  // namespace salesforce
