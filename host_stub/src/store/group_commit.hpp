// group_commit.hpp -- the writes several threads ask for at the same moment,
// run in one transaction (a group commit).
//
// A write transaction costs more than the few rows it changes: taking and
// dropping SQLite's file locks (fcntl), appending the WAL frames (pwrite)
// and the connection's mutex handed from thread to thread. When eight
// workers of `refresh --all` each commit a connector, the first to arrive
// runs every write queued by then in one transaction; the others wait for
// it instead of for the mutex, and find their write done (or its error).
//
// Each write is isolated from the others of its batch (the executor gives
// each a savepoint): a write that throws is undone alone, and its error is
// rethrown to the thread that asked for it; a transaction that cannot be
// begun or committed fails every write of the batch. A write reports
// success only once its transaction is committed.
//
//   GroupCommit group([&](const std::vector<GroupCommit::Request*>& batch) { ...run each, set errors... });
//   group.run([&] { /* statements of one write */ });   // rethrows that write's error
//
// A write runs on whichever thread leads its batch, so it must not wait for
// anything another writer holds; it may read and write the caller's locals,
// since the caller waits until it is done.
#ifndef CONSOLE_HOST_STORE_GROUP_COMMIT_HPP
#define CONSOLE_HOST_STORE_GROUP_COMMIT_HPP

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

namespace console_host {

class GroupCommit {
 public:
  struct Request {
    const std::function<void()>* write = nullptr;
    std::exception_ptr error;  // set by the executor when the write (or its batch) failed
    // Its thread waits on its own mutex for one of two things: its batch is
    // over (`done`), or it is to lead the next batch (`lead`).
    std::mutex mutex;
    std::condition_variable wake;
    bool done = false;
    bool lead = false;
  };
  using Executor = std::function<void(const std::vector<Request*>& batch)>;

  explicit GroupCommit(Executor execute) : execute_(std::move(execute)) {}
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Runs `write` in the next batch; returns once that batch is over, and
  // rethrows the write's error.
  void run(const std::function<void()>& write);

  // How many batches ran and how many writes they held (benchmarks print
  // it), how many writes wait for the next batch, and whether one runs now.
  struct Counts {
    long batches = 0;
    long writes = 0;
    long waiting = 0;
    bool leading = false;
  };
  Counts counts();

 private:
  Executor execute_;
  std::mutex mutex_;
  std::vector<Request*> queue_;
  bool leading_ = false;  // a thread runs a batch now
  Counts counts_;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_STORE_GROUP_COMMIT_HPP
