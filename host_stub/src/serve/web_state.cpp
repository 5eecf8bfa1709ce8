#include "serve/web_state.hpp"

#include <openssl/rand.h>

#include <cstdio>

#include "host_error.hpp"

namespace console_host {

std::string random_token() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw HostError(ExitCode::kFailure, "no random bytes available");
  std::string out;
  char buf[3];
  for (unsigned char b : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

RunLease::RunLease(Store& s, Lease l, bool is_reservation)
    : store(s), lease(std::move(l)), reservation(is_reservation), keeper(std::make_unique<LeaseKeeper>(s, lease)) {}

RunLease::~RunLease() {
  keeper.reset();
  if (reservation && !completed) store.abandon_reservation(lease);
  store.release_lease(lease);
}

std::shared_ptr<BrowserSession> WebState::session_for(const std::string& id, SteadyTime now, bool* created) {
  std::lock_guard<std::mutex> lock(mutex_);
  *created = false;
  if (!id.empty()) {
    auto it = sessions_.find(id);
    if (it != sessions_.end()) {
      it->second->last_seen = now;
      return it->second;
    }
  }
  auto s = std::make_shared<BrowserSession>();
  s->id = random_token();
  s->csrf = random_token();
  s->last_seen = now;
  sessions_[s->id] = s;
  *created = true;
  return s;
}

std::shared_ptr<BrowserSession> WebState::find_session(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : it->second;
}

std::shared_ptr<WizardRun> WebState::add_run(std::shared_ptr<WizardRun> run) {
  std::lock_guard<std::mutex> lock(mutex_);
  runs_[run->id] = run;
  return run;
}

std::shared_ptr<WizardRun> WebState::find_run(const std::string& id, const std::string& owner) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = runs_.find(id);
  if (it == runs_.end() || it->second->owner != owner) return nullptr;
  return it->second;
}

void WebState::remove_run(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  runs_.erase(id);
  for (auto it = oauth_states_.begin(); it != oauth_states_.end();) {
    if (it->second == id) {
      parked_.erase(it->first);
      it = oauth_states_.erase(it);
    } else {
      ++it;
    }
  }
}

void WebState::bind_oauth_state(const std::string& oauth_state, const std::string& run_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  oauth_states_[oauth_state] = run_id;
}

std::shared_ptr<WizardRun> WebState::run_for_oauth_state(const std::string& oauth_state) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = oauth_states_.find(oauth_state);
  if (it == oauth_states_.end()) return nullptr;
  auto r = runs_.find(it->second);
  return r == runs_.end() ? nullptr : r->second;
}

void WebState::unbind_oauth_state(const std::string& oauth_state) {
  std::lock_guard<std::mutex> lock(mutex_);
  oauth_states_.erase(oauth_state);
  parked_.erase(oauth_state);
}

void WebState::park_redirect(const std::string& oauth_state, const std::string& url) {
  std::lock_guard<std::mutex> lock(mutex_);
  parked_[oauth_state] = url;
}

std::optional<std::string> WebState::take_parked(const std::string& oauth_state) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = parked_.find(oauth_state);
  if (it == parked_.end()) return std::nullopt;
  std::string url = it->second;
  parked_.erase(it);
  return url;
}

size_t WebState::sweep(SteadyTime now, std::chrono::seconds session_idle, std::chrono::seconds run_idle) {
  std::vector<std::shared_ptr<WizardRun>> dropped;  // released outside the lock
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = sessions_.begin(); it != sessions_.end();)
      it = now - it->second->last_seen > session_idle ? sessions_.erase(it) : std::next(it);
    for (auto it = runs_.begin(); it != runs_.end();) {
      std::shared_ptr<WizardRun>& run = it->second;
      bool idle;
      {
        std::unique_lock<std::mutex> busy(run->mutex, std::try_to_lock);
        // A run in the middle of a request is not idle.
        idle = busy.owns_lock() && now - run->last_active > run_idle;
      }
      if (idle || sessions_.count(run->owner) == 0) {
        for (auto s = oauth_states_.begin(); s != oauth_states_.end();)
          s = s->second == it->first ? (parked_.erase(s->first), oauth_states_.erase(s)) : std::next(s);
        dropped.push_back(run);
        it = runs_.erase(it);
      } else {
        ++it;
      }
    }
  }
  return dropped.size();
}

size_t WebState::session_count() {
  std::lock_guard<std::mutex> lock(mutex_);
  return sessions_.size();
}

size_t WebState::open_plugin_sessions() {
  std::vector<std::shared_ptr<WizardRun>> runs;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [id, run] : runs_) runs.push_back(run);
  }
  size_t n = 0;
  for (const auto& run : runs) {
    std::unique_lock<std::mutex> busy(run->mutex, std::try_to_lock);
    // A run busy in a request certainly holds its session.
    if (!busy.owns_lock() || run->engine) ++n;
  }
  return n;
}

size_t WebState::run_count() {
  std::lock_guard<std::mutex> lock(mutex_);
  return runs_.size();
}

}  // namespace console_host
