#include "connection_pool.h"

#include <curl/curl.h>

namespace salesforce {

ConnectionPool::~ConnectionPool() {
  for (CURL* h : idle_) curl_easy_cleanup(h);
}

CURL* ConnectionPool::take() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      CURL* h = idle_.back();
      idle_.pop_back();
      return h;
    }
  }
  return curl_easy_init();
}

void ConnectionPool::give_back(CURL* handle) {
  if (!handle) return;
  // Forget the last transfer's buffers and callbacks; live connections stay.
  curl_easy_reset(handle);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(handle);
      return;
    }
  }
  curl_easy_cleanup(handle);
}

std::size_t ConnectionPool::idle() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

}  // namespace salesforce
