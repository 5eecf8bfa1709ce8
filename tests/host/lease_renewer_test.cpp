#include "store/lease_renewer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace console_host {
namespace {

Lease short_lease(int64_t id) {
  Lease l;
  l.connector_id = id;
  l.ttl_ms = 30;  // renewed every 10 ms
  return l;
}

// A renewal that blocks until released, so a test can remove the keeper
// while the renewer thread is inside the store call.
struct BlockingRenewal {
  std::mutex m;
  std::condition_variable cv;
  bool entered = false;
  bool released = false;
  std::atomic<int> calls{0};

  bool renew() {
    std::unique_lock<std::mutex> lock(m);
    ++calls;
    entered = true;
    cv.notify_all();
    cv.wait(lock, [&] { return released; });
    return true;
  }
};

TEST(LeaseRenewer, RemoveWaitsForTheRenewalInFlightAndNoneFollows) {
  BlockingRenewal r;
  LeaseRenewer renewer([&](const Lease&) { return r.renew(); });
  const uint64_t id = renewer.add(short_lease(1), std::make_shared<std::atomic<bool>>(false));
  {
    std::unique_lock<std::mutex> lock(r.m);
    ASSERT_TRUE(r.cv.wait_for(lock, std::chrono::seconds(10), [&] { return r.entered; }));
  }
  auto removed = std::async(std::launch::async, [&] { renewer.remove(id); });
  // remove() must not return while the renewal it would race is running.
  EXPECT_EQ(removed.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  {
    std::lock_guard<std::mutex> lock(r.m);
    r.released = true;
  }
  r.cv.notify_all();
  ASSERT_EQ(removed.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  const int calls_at_removal = r.calls;
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // ten renewal periods
  EXPECT_EQ(r.calls, calls_at_removal);
}

TEST(LeaseRenewer, KeepersComingAndGoingWhileItWaitsDoNotUpsetIt) {
  std::atomic<int> calls{0};
  LeaseRenewer renewer([&](const Lease&) {
    ++calls;
    return true;
  });
  // Add and remove the lease the thread waits for, many times, while a
  // second one stays: the thread must keep renewing the one that stays.
  const uint64_t stays = renewer.add(short_lease(1), std::make_shared<std::atomic<bool>>(false));
  for (int i = 0; i < 200; ++i) {
    const uint64_t id = renewer.add(short_lease(2), std::make_shared<std::atomic<bool>>(false));
    std::this_thread::sleep_for(std::chrono::microseconds(500));
    renewer.remove(id);
  }
  const int before = calls;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_GT(calls, before);
  renewer.remove(stays);
}

TEST(LeaseRenewer, ARenewalThatFindsTheLeaseTakenSetsLostAndStops) {
  std::atomic<int> calls{0};
  LeaseRenewer renewer([&](const Lease&) {
    ++calls;
    return false;
  });
  auto lost = std::make_shared<std::atomic<bool>>(false);
  const uint64_t id = renewer.add(short_lease(1), lost);
  for (int i = 0; i < 1000 && !*lost; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(*lost);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_EQ(calls, 1);
  renewer.remove(id);
}

TEST(LeaseRenewer, AShorterLeaseAddedWhileItWaitsForALongOneIsRenewedInTime) {
  std::mutex m;
  std::condition_variable cv;
  std::vector<int64_t> renewed;
  LeaseRenewer renewer([&](const Lease& l) {
    std::lock_guard<std::mutex> lock(m);
    renewed.push_back(l.connector_id);
    cv.notify_all();
    return true;
  });
  Lease long_lease = short_lease(1);
  long_lease.ttl_ms = 600000;  // first due in 200 s
  const uint64_t a = renewer.add(long_lease, std::make_shared<std::atomic<bool>>(false));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the thread now waits for lease 1
  const uint64_t b = renewer.add(short_lease(2), std::make_shared<std::atomic<bool>>(false));
  {
    std::unique_lock<std::mutex> lock(m);
    // Due in 10 ms; 10 s leaves room for a loaded machine and is far from 200 s.
    EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return !renewed.empty(); }));
    if (!renewed.empty()) {
      EXPECT_EQ(renewed.front(), 2);
    }
  }
  renewer.remove(b);
  renewer.remove(a);
}

}  // namespace
}  // namespace console_host
