// Token life cycle of the Connected App: sessions with an inactivity
// timeout, refresh tokens under the app's policy (valid until revoked,
// expire when idle, expire immediately), rotation, and the per-user cap.
#include <algorithm>

#include "crypto_util.h"
#include "org_model.h"

namespace sfsim {

namespace {
// Access tokens look like "<15-char org id>!<secret>" on real orgs; clients
// split on '!' to learn the org, so keep the shape.
std::string new_access_token(const std::string& org_id) {
  std::string secret = random_urlsafe(72);
  std::replace(secret.begin(), secret.end(), '-', '.');
  return org_id.substr(0, 15) + "!" + secret;
}

std::string new_refresh_token() {
  std::string secret = random_urlsafe(60);
  std::replace(secret.begin(), secret.end(), '-', '.');
  return "5Aep861" + secret;
}
}  // namespace

const UserDef* Org::use_access_token(const std::string& token) {
  const auto it = access_tokens.find(token);
  if (it == access_tokens.end() || it->second.revoked) return nullptr;
  const int64_t now = now_ms();
  const int64_t timeout = static_cast<int64_t>(def.settings.session_timeout_minutes) * 60 * 1000;
  if (now - it->second.last_used_ms > timeout) {
    it->second.revoked = true;
    return nullptr;
  }
  const UserDef* user = user_by_id(it->second.user_id);
  if (!user || !user->active) return nullptr;
  it->second.last_used_ms = now;
  return user;
}

std::string Org::issue_access_token(const std::string& user_id, const std::string& client_id, const std::string& scope,
                                    const std::string& refresh_token) {
  std::string token = new_access_token(def.org_id);
  AccessTokenRecord rec;
  rec.user_id = user_id;
  rec.client_id = client_id;
  rec.scope = scope;
  rec.refresh_token = refresh_token;
  rec.issued_ms = rec.last_used_ms = now_ms();
  access_tokens[token] = rec;
  if (!refresh_token.empty()) access_by_refresh_[refresh_token].push_back(token);
  return token;
}

std::string Org::issue_refresh_token(const std::string& user_id, const std::string& client_id,
                                     const std::string& scope) {
  // Salesforce keeps a limited number of refresh tokens per user per app and
  // revokes the oldest when a new one is issued past the limit.
  const auto limit = static_cast<std::size_t>(std::max(1, def.settings.max_refresh_tokens_per_user));
  const auto key = std::make_pair(user_id, client_id);
  // Looked up again each turn, and the oldest token copied: revoking it
  // erases its entry, and the user's whole list once it is empty.
  for (auto live = live_refresh_.find(key); live != live_refresh_.end() && live->second.size() >= limit;
       live = live_refresh_.find(key)) {
    const std::string oldest = live->second.begin()->second;
    revoke_refresh_token(oldest);
  }

  std::string token = new_refresh_token();
  RefreshTokenRecord rec;
  rec.user_id = user_id;
  rec.client_id = client_id;
  rec.scope = scope;
  rec.issued_ms = rec.last_used_ms = now_ms();
  rec.sequence = ++refresh_sequence;
  refresh_tokens[token] = rec;
  live_refresh_[key][rec.sequence] = token;
  ++active_refresh_count_;
  return token;
}

RefreshTokenRecord* Org::usable_refresh_token(const std::string& token) {
  const auto it = refresh_tokens.find(token);
  if (it == refresh_tokens.end() || it->second.revoked) return nullptr;
  const std::string& policy = def.settings.refresh_policy;
  if (policy == "zero") return nullptr;
  if (policy == "idle") {
    const int64_t idle_limit = static_cast<int64_t>(def.settings.refresh_idle_days) * 24 * 3600 * 1000;
    if (now_ms() - it->second.last_used_ms > idle_limit) {
      revoke_refresh_token(token);
      return nullptr;
    }
  }
  const UserDef* user = user_by_id(it->second.user_id);
  if (!user || !user->active) return nullptr;
  return &it->second;
}

void Org::retire_refresh_token(const std::string& token) {
  const auto it = refresh_tokens.find(token);
  if (it == refresh_tokens.end() || it->second.revoked) return;
  it->second.revoked = true;
  --active_refresh_count_;
  const auto live = live_refresh_.find({it->second.user_id, it->second.client_id});
  if (live != live_refresh_.end()) {
    live->second.erase(it->second.sequence);
    if (live->second.empty()) live_refresh_.erase(live);
  }
}

void Org::revoke_refresh_token(const std::string& token) {
  retire_refresh_token(token);
  // Revoking a refresh token ends every session issued from it.
  const auto sessions = access_by_refresh_.find(token);
  if (sessions == access_by_refresh_.end()) return;
  for (const auto& tok : sessions->second) {
    const auto at = access_tokens.find(tok);
    if (at != access_tokens.end()) at->second.revoked = true;
  }
  access_by_refresh_.erase(sessions);
}

void Org::expire_all_sessions() {
  for (auto& [tok, rec] : access_tokens) rec.revoked = true;
}

void Org::revoke_refresh_tokens_of(const std::string& user_id) {
  std::vector<std::string> doomed;
  for (const auto& [key, live] : live_refresh_)
    if (user_id.empty() || key.first == user_id)
      for (const auto& [seq, tok] : live) doomed.push_back(tok);
  for (const auto& tok : doomed) revoke_refresh_token(tok);
}

int64_t Org::active_access_tokens() const {
  const int64_t now = now_ms();
  const int64_t timeout = static_cast<int64_t>(def.settings.session_timeout_minutes) * 60 * 1000;
  int64_t n = 0;
  for (const auto& [tok, rec] : access_tokens)
    if (!rec.revoked && now - rec.last_used_ms <= timeout) ++n;
  return n;
}

int64_t Org::active_refresh_tokens() const { return active_refresh_count_; }

std::map<std::string, int64_t> Org::active_refresh_tokens_by_username() const {
  std::map<std::string, int64_t> out;
  for (const auto& [key, live] : live_refresh_)
    if (const UserDef* u = user_by_id(key.first)) out[u->username] += static_cast<int64_t>(live.size());
  return out;
}

}  // namespace sfsim
