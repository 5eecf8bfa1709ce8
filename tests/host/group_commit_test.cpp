// GroupCommit: writes queued while a batch runs are the next batch, and each
// write's outcome reaches its own thread only.
#include "store/group_commit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace console_host {
namespace {

// Runs each write of a batch, keeping a write's exception for its thread,
// as the store's executor does (without SQLite); records the batch sizes.
// The first batch waits until `release_first` is set.
struct RecordingExecutor {
  std::mutex m;
  std::condition_variable cv;
  bool release_first = true;
  std::vector<size_t> sizes;

  void operator()(const std::vector<GroupCommit::Request*>& batch) {
    {
      std::unique_lock<std::mutex> lock(m);
      if (sizes.empty()) cv.wait(lock, [&] { return release_first; });
      sizes.push_back(batch.size());
    }
    for (GroupCommit::Request* r : batch) {
      try {
        (*r->write)();
      } catch (...) {
        r->error = std::current_exception();
      }
    }
  }
  void release() {
    std::lock_guard<std::mutex> lock(m);
    release_first = true;
    cv.notify_all();
  }
};

// Waits (up to 10 s) until `pred(group.counts())` holds.
template <typename Pred>
bool wait_for_counts(GroupCommit& group, Pred pred) {
  for (int i = 0; i < 2000; ++i) {
    if (pred(group.counts())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

TEST(GroupCommit, WritesQueuedWhileABatchRunsAreTheNextBatchAndEachErrorReachesItsOwnThread) {
  RecordingExecutor executor;
  executor.release_first = false;
  GroupCommit group([&](const std::vector<GroupCommit::Request*>& b) { executor(b); });

  std::atomic<int> ran{0};
  auto first = std::async(std::launch::async, [&] { group.run([&] { ++ran; }); });
  ASSERT_TRUE(wait_for_counts(group, [](const GroupCommit::Counts& c) { return c.leading && c.waiting == 0; }));

  // Five more writes while the first batch is held; the third one throws.
  std::vector<std::future<void>> rest;
  for (int i = 0; i < 5; ++i) {
    rest.push_back(std::async(std::launch::async, [&, i] {
      group.run([&, i] {
        if (i == 2) throw std::runtime_error("write 2 failed");
        ++ran;
      });
    }));
  }
  ASSERT_TRUE(wait_for_counts(group, [](const GroupCommit::Counts& c) { return c.waiting == 5; }));
  executor.release();

  first.get();
  for (int i = 0; i < 5; ++i) {
    if (i == 2) {
      EXPECT_THROW(rest[i].get(), std::runtime_error);
    } else {
      EXPECT_NO_THROW(rest[i].get());
    }
  }
  EXPECT_EQ(ran, 5);
  EXPECT_EQ(executor.sizes, (std::vector<size_t>{1, 5}));
  const GroupCommit::Counts c = group.counts();
  EXPECT_EQ(c.batches, 2);
  EXPECT_EQ(c.writes, 6);
  EXPECT_EQ(c.waiting, 0);
  EXPECT_FALSE(c.leading);
}

TEST(GroupCommit, ABatchThatFailsAsAWholeFailsEveryWriteOfIt) {
  // An executor that throws after running the writes: a failed COMMIT.
  GroupCommit group([](const std::vector<GroupCommit::Request*>& batch) {
    for (GroupCommit::Request* r : batch) (*r->write)();
    throw std::runtime_error("commit failed");
  });
  bool ran = false;
  try {
    group.run([&] { ran = true; });
    FAIL() << "a write of a failed batch reported success";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "commit failed");
  }
  EXPECT_TRUE(ran);
  // The group is usable again after the failure.
  GroupCommit ok([](const std::vector<GroupCommit::Request*>& batch) {
    for (GroupCommit::Request* r : batch) (*r->write)();
  });
  EXPECT_NO_THROW(ok.run([] {}));
}

TEST(GroupCommit, ManyThreadsWritingAtOnceAllFinishAndEveryWriteRunsOnce) {
  RecordingExecutor executor;
  GroupCommit group([&](const std::vector<GroupCommit::Request*>& b) { executor(b); });
  constexpr int kThreads = 8;
  constexpr int kWrites = 2000;
  std::vector<int> per_thread(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) group.run([&, t] { ++per_thread[t]; });
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(per_thread[t], kWrites);
  const GroupCommit::Counts c = group.counts();
  EXPECT_EQ(c.writes, kThreads * kWrites);
  EXPECT_LE(c.batches, c.writes);
}

}  // namespace
}  // namespace console_host
