// Idle libcurl easy handles kept between calls, so that connections (and TLS
// sessions) to Salesforce outlive one wizard run or one action. A refresh of
// many connectors then reuses a few warm connections instead of opening one
// per connector. Each handle is used by one thread at a time: an HttpClient
// takes one when it is made and gives it back when it is destroyed (libcurl
// does not support one connection cache shared by concurrent threads, so the
// pool shares handles, not caches). libcurl reuses a kept connection only for
// the same host, port and TLS settings, and drops it when idle too long.
//
//   auto pool = std::make_shared<ConnectionPool>();  // owned by the connector type
//   HttpClient::Options o; o.pool = pool;            // HttpClient borrows from it
// A client holds a reference, so a session that outlives its type still gives
// its handle back safely.
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <mutex>
#include <vector>

namespace salesforce {

class ConnectionPool {
 public:
  // At most `max_idle` handles are kept; one given back beyond that is closed.
  explicit ConnectionPool(std::size_t max_idle = 32) : max_idle_(max_idle) {}
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // An idle handle (with its live connections), or a new one; nullptr only
  // when libcurl cannot make a handle.
  CURL* take();
  // Returns a handle taken from this pool. Thread-safe.
  void give_back(CURL* handle);
  // Idle handles held now (for tests).
  std::size_t idle() const;

 private:
  const std::size_t max_idle_;
  mutable std::mutex mutex_;
  std::vector<CURL*> idle_;
};

}  // namespace salesforce
