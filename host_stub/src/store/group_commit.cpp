#include "store/group_commit.hpp"

namespace console_host {

void GroupCommit::run(const std::function<void()>& write) {
  Request request;
  request.write = &write;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    queue_.push_back(&request);
    if (leading_) {
      // Another thread runs a batch: ours is in a later one. Wait on our own
      // mutex, so that waking does not contend for the group's.
      lock.unlock();
      std::unique_lock<std::mutex> mine(request.mutex);
      request.wake.wait(mine, [&] { return request.done || request.lead; });
      if (request.done) {
        if (request.error) std::rethrow_exception(request.error);
        return;
      }
      // Handed the lead (leading_ stayed true on the way): ours is queued.
    } else {
      leading_ = true;
    }
  }
  std::vector<Request*> batch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    batch.swap(queue_);
  }
  try {
    execute_(batch);
  } catch (...) {
    for (Request* r : batch)
      if (!r->error) r->error = std::current_exception();
  }
  Request* next = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++counts_.batches;
    counts_.writes += static_cast<long>(batch.size());
    // The first write queued meanwhile leads the next batch; leading_ stays
    // true until it does, so no thread arriving now starts a second batch.
    if (queue_.empty()) {
      leading_ = false;
    } else {
      next = queue_.front();
    }
  }
  // Under each request's own mutex: its thread may return (and its request
  // go away) as soon as it sees `done`, never before this lock is released.
  for (Request* r : batch) {
    if (r == &request) continue;
    std::lock_guard<std::mutex> theirs(r->mutex);
    r->done = true;
    r->wake.notify_one();
  }
  if (next != nullptr) {
    std::lock_guard<std::mutex> theirs(next->mutex);
    next->lead = true;
    next->wake.notify_one();
  }
  if (request.error) std::rethrow_exception(request.error);
}

GroupCommit::Counts GroupCommit::counts() {
  std::lock_guard<std::mutex> lock(mutex_);
  Counts c = counts_;
  c.waiting = static_cast<long>(queue_.size());
  c.leading = leading_;
  return c;
}

}  // namespace console_host
