#include "store/statement_cache.hpp"

namespace console_host {

StatementCache::~StatementCache() {
  for (auto& entry : idle_) sqlite3_finalize(entry.second);
}

sqlite3_stmt* StatementCache::take(const char* sql) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = idle_.find(std::string_view(sql));
    if (it != idle_.end()) {
      sqlite3_stmt* stmt = it->second;
      idle_.erase(it);
      return stmt;
    }
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return nullptr;
  }
  return stmt;
}

void StatementCache::give_back(const char* sql, sqlite3_stmt* stmt) {
  if (stmt == nullptr) return;
  const std::string_view key(sqlite3_sql(stmt));
  // SQLite keeps the text of the first statement only: SQL with more after
  // it would never be found again, so it is not kept.
  if (key != sql) {
    sqlite3_finalize(stmt);
    return;
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.emplace(key, stmt);
}

}  // namespace console_host
