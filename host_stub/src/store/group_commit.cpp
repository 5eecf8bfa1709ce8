#include "store/group_commit.hpp"

namespace console_host {

void GroupCommit::run(const std::function<void()>& write) {
  Request request;
  request.write = &write;
  std::unique_lock<std::mutex> lock(mutex_);
  queue_.push_back(&request);
  while (!request.done) {
    // Another thread runs a batch: the writes queued meanwhile (ours among
    // them) are the next one, led by the thread that batch's leader wakes.
    if (leading_) {
      request.wake.wait(lock);
      continue;
    }
    // Not done and nobody leads: ours is still queued, so this batch holds it.
    leading_ = true;
    std::vector<Request*> batch;
    batch.swap(queue_);
    lock.unlock();
    try {
      execute_(batch);
    } catch (...) {
      for (Request* r : batch)
        if (!r->error) r->error = std::current_exception();
    }
    lock.lock();
    ++counts_.batches;
    counts_.writes += static_cast<long>(batch.size());
    leading_ = false;
    // Wakes only the threads whose writes are done, and one to lead the
    // next batch: waking every waiter at every batch cost more futex calls
    // than the batching saved.
    for (Request* r : batch) {
      r->done = true;
      if (r != &request) r->wake.notify_one();
    }
    if (!queue_.empty()) queue_.front()->wake.notify_one();
  }
  lock.unlock();
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
