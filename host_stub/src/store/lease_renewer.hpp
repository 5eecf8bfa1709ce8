// lease_renewer.hpp -- one background thread that renews every lease a
// process holds on a store, each every third of its lifetime.
//
// LeaseKeeper registers its lease here instead of starting a thread of its
// own: `refresh --all` over 10,000 connectors then starts one thread, not
// 10,000, and `serve` one for all its open wizards.
//
//   LeaseRenewer renewer([&](const Lease& l) { return store.renew_lease(l); });
//   auto lost = std::make_shared<std::atomic<bool>>(false);
//   uint64_t id = renewer.add(lease, lost);   // renewed until removed; *lost turns true if taken over
//   renewer.remove(id);
#ifndef CONSOLE_HOST_STORE_LEASE_RENEWER_HPP
#define CONSOLE_HOST_STORE_LEASE_RENEWER_HPP

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "store/store.hpp"

namespace console_host {

class LeaseRenewer {
 public:
  // `renew` extends a lease and says whether it is still held; it may throw
  // (a busy store), and is then tried again at the next turn.
  explicit LeaseRenewer(std::function<bool(const Lease&)> renew) : renew_(std::move(renew)) {}
  ~LeaseRenewer();
  LeaseRenewer(const LeaseRenewer&) = delete;
  LeaseRenewer& operator=(const LeaseRenewer&) = delete;

  // Renews `lease` until remove(); sets *lost when a renewal finds it taken
  // over (and stops renewing it). Starts the thread on first use.
  uint64_t add(const Lease& lease, std::shared_ptr<std::atomic<bool>> lost);
  // Once remove() returns, `id`'s lease is not renewed again: a renewal in
  // flight is waited for, so a lease let go without release still expires
  // one lifetime later.
  void remove(uint64_t id);

 private:
  struct Entry {
    Lease lease;
    std::shared_ptr<std::atomic<bool>> lost;
    std::chrono::steady_clock::time_point due;
  };
  void run();

  std::function<bool(const Lease&)> renew_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<uint64_t, Entry> entries_;
  std::condition_variable renewed_;
  uint64_t next_id_ = 1;
  uint64_t renewing_ = 0;  // the id whose renewal runs now without the lock; 0 for none
  // When the thread looks at the entries next: min() while it is awake,
  // max() while it waits for the first entry.
  std::chrono::steady_clock::time_point looks_again_at_ = std::chrono::steady_clock::time_point::max();
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_STORE_LEASE_RENEWER_HPP
