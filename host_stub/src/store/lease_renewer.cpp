#include "store/lease_renewer.hpp"

#include <algorithm>
#include <vector>

namespace console_host {
namespace {

std::chrono::milliseconds renewal_period(const Lease& lease) {
  return std::chrono::milliseconds(std::max<int64_t>(lease.ttl_ms / 3, 10));
}

}  // namespace

LeaseRenewer::~LeaseRenewer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint64_t LeaseRenewer::add(const Lease& lease, std::shared_ptr<std::atomic<bool>> lost) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint64_t id = next_id_++;
  const auto due = std::chrono::steady_clock::now() + renewal_period(lease);
  entries_.emplace(id, Entry{lease, std::move(lost), due});
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  // Only a lease due before the thread's next look needs a wake-up. Leases of
  // one lifetime never are, so bulk work (a keeper per refresh) does not
  // switch to the renewal thread at every connector.
  if (due < looks_again_at_) wake_.notify_all();
  return id;
}

void LeaseRenewer::remove(uint64_t id) {
  std::unique_lock<std::mutex> lock(mutex_);
  renewed_.wait(lock, [&] { return renewing_ != id; });
  entries_.erase(id);
}

void LeaseRenewer::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    if (entries_.empty()) {
      looks_again_at_ = std::chrono::steady_clock::time_point::max();
      wake_.wait(lock, [this] { return stop_ || !entries_.empty(); });
      continue;
    }
    // A copy: wait_until reads the deadline again after each wake-up, and a
    // keeper may remove that entry while the lock is released.
    const auto earliest_due = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
                                return a.second.due < b.second.due;
                              })->second.due;
    // No predicate: a wake-up for an earlier lease must end the wait, so
    // that the loop looks for the earliest due again.
    looks_again_at_ = earliest_due;
    wake_.wait_until(lock, earliest_due);
    looks_again_at_ = std::chrono::steady_clock::time_point::min();  // awake: it sees every entry
    if (stop_) break;
    // Renew what is due one lease at a time without holding the lock: a
    // store call may wait on SQLite, and keepers must be able to come and go
    // meanwhile (remove() waits only for the one renewal in flight).
    const auto now = std::chrono::steady_clock::now();
    std::vector<uint64_t> due;
    for (const auto& [id, e] : entries_) {
      if (e.due <= now) due.push_back(id);
    }
    for (uint64_t id : due) {
      auto it = entries_.find(id);
      if (it == entries_.end()) continue;  // removed while an earlier one renewed
      it->second.due = now + renewal_period(it->second.lease);
      const Lease lease = it->second.lease;
      renewing_ = id;
      lock.unlock();
      bool held = true;
      try {
        held = renew_(lease);
      } catch (...) {
        // A busy or failing store: try again next time; the lease lasts a while.
      }
      lock.lock();
      renewing_ = 0;
      renewed_.notify_all();
      if (!held) {
        it = entries_.find(id);
        if (it != entries_.end()) {
          *it->second.lost = true;
          entries_.erase(it);
        }
      }
    }
  }
}

}  // namespace console_host
