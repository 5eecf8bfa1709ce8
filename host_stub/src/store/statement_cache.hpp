// statement_cache.hpp -- prepared SQLite statements kept for reuse, by SQL text.
//
// The store runs the same few statements for every connector; parsing one
// costs more than running it (half the CPU of `refresh --all` before this
// cache). A statement is checked out while in use, so two threads that run
// the same SQL at once each get their own, and given back reset, with its
// bindings cleared.
//
//   StatementCache cache(db);
//   sqlite3_stmt* s = cache.take("SELECT ...");   // prepared once, then reused
//   ...
//   cache.give_back("SELECT ...", s);
//
// Destroy the cache before closing its connection.
#ifndef CONSOLE_HOST_STORE_STATEMENT_CACHE_HPP
#define CONSOLE_HOST_STORE_STATEMENT_CACHE_HPP

#include <sqlite3.h>

#include <mutex>
#include <string_view>
#include <unordered_map>

namespace console_host {

class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  sqlite3* db() const { return db_; }
  // An idle statement for `sql`, or a newly prepared one; nullptr when
  // SQLite refuses the SQL (sqlite3_errmsg(db()) says why).
  sqlite3_stmt* take(const char* sql);
  // Returns a statement taken for `sql`.
  void give_back(const char* sql, sqlite3_stmt* stmt);

 private:
  sqlite3* db_;
  std::mutex mutex_;
  // Keyed by the statement's own copy of its SQL (sqlite3_sql), which lives
  // as long as the statement: looking one up copies no text.
  std::unordered_multimap<std::string_view, sqlite3_stmt*> idle_;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_STORE_STATEMENT_CACHE_HPP
