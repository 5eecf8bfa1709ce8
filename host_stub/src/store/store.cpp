#include "store/store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>
#include <thread>
#include <utility>

#include "host_error.hpp"
#include "store/data_paths.hpp"
#include "store/group_commit.hpp"
#include "store/lease_owner.hpp"
#include "store/lease_renewer.hpp"
#include "store/statement_cache.hpp"

namespace console_host {
namespace {

// Each entry moves the schema one version forward. Never edit a released
// entry: append a new one. The column list that entries 1 and 2 both spell
// out is repeated on purpose: each entry is the frozen text of a released
// schema, and a shared piece would let one edit change both.
const char* const kMigrations[] = {
    // 1: projects and connectors.
    R"sql(
    CREATE TABLE projects (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) > 0),
      created_ms INTEGER NOT NULL
    );
    CREATE TABLE connectors (
      id INTEGER PRIMARY KEY,
      project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE RESTRICT,
      name TEXT NOT NULL COLLATE NOCASE CHECK (length(name) > 0),
      description TEXT NOT NULL DEFAULT '',
      type_id TEXT NOT NULL,
      singleton INTEGER NOT NULL CHECK (singleton IN (0, 1)),
      status TEXT NOT NULL,
      summary_json TEXT NOT NULL DEFAULT '{}',
      state_sealed BLOB,
      created_ms INTEGER NOT NULL,
      updated_ms INTEGER NOT NULL,
      last_used_ms INTEGER NOT NULL,
      version INTEGER NOT NULL DEFAULT 1,
      CONSTRAINT connector_name_unique_in_project UNIQUE (project_id, name)
    );
    CREATE UNIQUE INDEX connector_singleton_type_per_project
      ON connectors (project_id, type_id) WHERE singleton = 1;
    CREATE INDEX connector_last_used ON connectors (last_used_ms);
    )sql",
    // 2: one writer per connector (a lease), and reservations (pending rows).
    // Rebuilt with AUTOINCREMENT: a lease names its row by id, so an id must
    // never come back after a delete (a stale holder would write into the
    // row that took it).
    R"sql(
    CREATE TABLE connectors_v2 (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE RESTRICT,
      name TEXT NOT NULL COLLATE NOCASE CHECK (length(name) > 0),
      description TEXT NOT NULL DEFAULT '',
      type_id TEXT NOT NULL,
      singleton INTEGER NOT NULL CHECK (singleton IN (0, 1)),
      status TEXT NOT NULL,
      summary_json TEXT NOT NULL DEFAULT '{}',
      state_sealed BLOB,
      created_ms INTEGER NOT NULL,
      updated_ms INTEGER NOT NULL,
      last_used_ms INTEGER NOT NULL,
      version INTEGER NOT NULL DEFAULT 1,
      pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1)),
      lease_owner TEXT NOT NULL DEFAULT '',
      lease_until_ms INTEGER NOT NULL DEFAULT 0,
      CONSTRAINT connector_name_unique_in_project UNIQUE (project_id, name)
    );
    INSERT INTO connectors_v2 (id, project_id, name, description, type_id, singleton, status, summary_json,
                               state_sealed, created_ms, updated_ms, last_used_ms, version)
      SELECT id, project_id, name, description, type_id, singleton, status, summary_json, state_sealed, created_ms,
             updated_ms, last_used_ms, version FROM connectors;
    DROP TABLE connectors;
    ALTER TABLE connectors_v2 RENAME TO connectors;
    CREATE UNIQUE INDEX connector_singleton_type_per_project
      ON connectors (project_id, type_id) WHERE singleton = 1;
    CREATE INDEX connector_last_used ON connectors (last_used_ms);
    )sql",
};
constexpr int kMigrationCount = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);

// A prepared statement, checked out of the store's cache and given back
// (reset) when it goes out of scope.
class Statement {
 public:
  Statement(StatementCache& cache, const char* sql) : cache_(cache), db_(cache.db()), sql_(sql) {
    stmt_ = cache_.take(sql);
    if (stmt_ == nullptr) throw HostError(ExitCode::kStore, std::string("store query failed: ") + sqlite3_errmsg(db_));
  }
  ~Statement() { cache_.give_back(sql_, stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& bind_blob(int i, const std::string& v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // True when a row is available; false when done. Throws on errors.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw HostError(ExitCode::kStore, std::string("store write failed: ") + sqlite3_errmsg(db_));
  }
  int step_rc() {
    int rc = sqlite3_step(stmt_);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? rc : sqlite3_extended_errcode(db_);
  }
  std::string text(int col) const {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    return p == nullptr ? std::string()
                        : std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
  }
  std::string blob(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
  }
  int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  sqlite3_stmt* get() { return stmt_; }

 private:
  StatementCache& cache_;
  sqlite3* db_;
  const char* sql_;
  sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err != nullptr ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    throw HostError(ExitCode::kStore, "store: " + msg);
  }
}

// Switching a new store to WAL takes an exclusive lock, and SQLite answers
// SQLITE_BUSY at once (without the busy handler) to a second process that
// opens the same new store at that moment: wait for it, as the busy timeout
// would.
void set_wal_mode(sqlite3* db) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  for (int pause_ms = 5;; pause_ms = std::min(pause_ms * 2, 100)) {
    const int rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return;
    if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) break;
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
  }
  exec(db, "PRAGMA journal_mode=WAL");  // throws with SQLite's message
}

// Every column of a connector row, in read_row()'s order.
#define CONNECTOR_SELECT                                                                              \
  "SELECT c.id, p.name, c.name, c.description, c.type_id, c.singleton, c.status, c.summary_json, "    \
  "c.state_sealed, c.created_ms, c.updated_ms, c.last_used_ms, c.version, c.pending, c.lease_owner, " \
  "c.lease_until_ms "                                                                                 \
  "FROM connectors c JOIN projects p ON p.id = c.project_id "
const char* const kSelectColumns = CONNECTOR_SELECT;
const char* const kSelectById = CONNECTOR_SELECT "WHERE c.id = ?1";
#undef CONNECTOR_SELECT

const char* const kChangedMeanwhile = "the connector was changed by someone else meanwhile";
const char* const kLostLeaseConflict =
    "the connector was changed by another console-host after this one's lease on it expired; "
    "this change was not saved";

HostError changed_meanwhile() { return HostError(ExitCode::kConflict, kChangedMeanwhile, "run the command again"); }

std::string aad_for(int64_t id) { return "connector:" + std::to_string(id); }

int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// SQLite gives a new WAL and shared-memory file the database file's mode, so
// creating the database file 0600 first keeps all three private whatever the
// umask.
void create_private_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return;
    throw HostError(ExitCode::kStore, "cannot create store " + path + ": " + std::strerror(errno));
  }
  ::fchmod(fd, 0600);
  ::close(fd);
}

std::string cannot_write(const std::string& path, const std::string& why) {
  return "the store " + path + " cannot be written (" + why + ")";
}

// Runs one statement that returns nothing (BEGIN, SAVEPOINT, ...), prepared once.
void run_statement(StatementCache& cache, const char* sql) {
  Statement s(cache, sql);
  if (const int rc = s.step_rc(); rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw HostError(ExitCode::kStore, std::string("store: ") + sqlite3_errmsg(cache.db()));
}

}  // namespace

// BEGIN IMMEDIATE (write) or DEFERRED (read) ... COMMIT, rolled back unless
// committed. The three statements are prepared once (the cache keeps them):
// run through sqlite3_exec they were parsed again for every transaction.
class Store::Transaction {
 public:
  Transaction(StatementCache& cache, bool write) : cache_(cache) {
    sqlite3* db = cache_.db();
    if (write && sqlite3_db_readonly(db, "main") == 1)
      throw HostError(ExitCode::kStore, cannot_write(sqlite3_db_filename(db, "main"), "it is read-only"),
                      "check the permissions of the store and its folder");
    run_statement(cache_, write ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  ~Transaction() {
    if (done_) return;
    try {
      Statement rollback(cache_, "ROLLBACK");
      rollback.step_rc();
    } catch (...) {
      // Could not even prepare it: SQLite rolls back when the connection closes.
    }
  }
  void commit() {
    run_statement(cache_, "COMMIT");
    done_ = true;
  }

 private:
  StatementCache& cache_;
  bool done_ = false;
};

int Store::latest_schema_version() { return kMigrationCount; }

Store::Store(const std::string& path, SecretBox box, Clock now_ms)
    : path_(path), box_(box), now_ms_(std::move(now_ms)), lease_now_ms_(&system_now_ms) {
  ensure_parent_directory(path_);
  create_private_file(path_);
  int rc =
      sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw HostError(ExitCode::kStore, "cannot open store " + path_ + ": " + msg);
  }
  statements_ = std::make_unique<StatementCache>(db_);
  group_ = std::make_unique<GroupCommit>([this](const std::vector<GroupCommit::Request*>& b) { execute_batch(b); });
  try {
    sqlite3_busy_timeout(db_, 15000);
    set_wal_mode(db_);
    exec(db_, "PRAGMA synchronous=NORMAL");
    exec(db_, "PRAGMA foreign_keys=ON");
    migrate();
  } catch (...) {
    statements_.reset();
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Store::~Store() {
  renewer_.reset();     // no renewal may run on a closing connection
  statements_.reset();  // finalises every statement, so the connection can close
  sqlite3_close(db_);
}

void Store::migrate() {
  {
    // A current store is not written on open, so a read-only one can still be listed.
    Statement has(*statements_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    if (has.step()) {
      Statement s(*statements_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
      if (s.step() && s.integer(0) == kMigrationCount) return;
    }
  }
  Transaction tx(*statements_, true);
  exec(db_, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)");
  int current = 0;
  {
    Statement s(*statements_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (s.step()) current = static_cast<int>(s.integer(0));
  }
  if (current > kMigrationCount) {
    throw HostError(ExitCode::kStore,
                    "store " + path_ + " has schema version " + std::to_string(current) +
                        ", newer than this console-host understands (" + std::to_string(kMigrationCount) + ")",
                    "use a newer console-host, or another store with --store");
  }
  for (int v = current + 1; v <= kMigrationCount; ++v) {
    exec(db_, kMigrations[v - 1]);
    Statement ins(*statements_, "INSERT INTO schema_migrations (version, applied_ms) VALUES (?, ?)");
    ins.bind(1, static_cast<int64_t>(v)).bind(2, now_ms_());
    ins.step();
  }
  tx.commit();
}

int Store::schema_version() {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement s(*statements_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

std::vector<ProjectRecord> Store::list_projects() {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement s(*statements_,
              "SELECT p.name, COUNT(c.id) FROM projects p LEFT JOIN connectors c ON c.project_id = p.id "
              "GROUP BY p.id ORDER BY p.name");
  std::vector<ProjectRecord> out;
  while (s.step()) out.push_back({s.text(0), s.integer(1)});
  return out;
}

ConnectorRecord Store::read_row(void* stmt_ptr, bool with_state) {
  auto* s = static_cast<Statement*>(stmt_ptr);
  ConnectorRecord r;
  r.id = s->integer(0);
  r.project = s->text(1);
  r.name = s->text(2);
  r.description = s->text(3);
  r.type_id = s->text(4);
  r.singleton = s->integer(5) != 0;
  r.status = s->text(6);
  r.summary_json = s->text(7);
  if (with_state) r.state_json = open_state(r.id, s->blob(8));
  r.created_ms = s->integer(9);
  r.updated_ms = s->integer(10);
  r.last_used_ms = s->integer(11);
  r.version = s->integer(12);
  r.pending = s->integer(13) != 0;
  r.lease_owner = s->text(14);
  r.lease_until_ms = s->integer(15);
  return r;
}

std::vector<ConnectorRecord> Store::list_connectors(const std::string& project) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  std::string sql = std::string(kSelectColumns) + (project.empty() ? "" : "WHERE p.name = ?1 ") +
                    "ORDER BY p.name COLLATE NOCASE, c.name COLLATE NOCASE";
  Statement s(*statements_, sql.c_str());
  if (!project.empty()) s.bind(1, project);
  std::vector<ConnectorRecord> out;
  while (s.step()) out.push_back(read_row(&s, false));
  return out;
}

std::optional<ConnectorRecord> Store::find_connector(const std::string& project, const std::string& name,
                                                     bool with_state) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  std::string sql = std::string(kSelectColumns) + "WHERE p.name = ?1 AND c.name = ?2";
  Statement s(*statements_, sql.c_str());
  s.bind(1, project).bind(2, name);
  if (!s.step()) return std::nullopt;
  return read_row(&s, with_state);
}

std::optional<ConnectorRecord> Store::find_by_id(int64_t id, bool with_state) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement s(*statements_, kSelectById);
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_row(&s, with_state);
}

std::optional<ConnectorRecord> Store::find_of_type(const std::string& project, const std::string& type_id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  std::string sql = std::string(kSelectColumns) + "WHERE p.name = ?1 AND c.type_id = ?2 ORDER BY c.id LIMIT 1";
  Statement s(*statements_, sql.c_str());
  s.bind(1, project).bind(2, type_id);
  if (!s.step()) return std::nullopt;
  return read_row(&s, false);
}

std::string Store::seal_state(int64_t id, const std::string& state) const { return box_.seal(state, aad_for(id)); }

std::string Store::open_state(int64_t id, const std::string& sealed) const {
  return sealed.empty() ? "{}" : box_.open(sealed, aad_for(id));
}

[[noreturn]] void Store::throw_insert_conflict(int rc, const NewConnector& c) {
  if (rc == SQLITE_CONSTRAINT_UNIQUE) {
    std::string msg = sqlite3_errmsg(db_);
    if (msg.find("type_id") != std::string::npos) {
      throw HostError(ExitCode::kConflict,
                      "project \"" + c.project + "\" already has a connector of type " + c.type_id +
                          "; a project holds at most one",
                      "reconfigure the existing connector, or use another project");
    }
    throw HostError(ExitCode::kConflict,
                    "project \"" + c.project + "\" already has a connector named \"" + c.name + "\"",
                    "choose another name");
  }
  if (rc == SQLITE_CONSTRAINT_CHECK) throw HostError(ExitCode::kInvalidInput, "connector name must not be empty");
  throw HostError(ExitCode::kStore, std::string("store write failed: ") + sqlite3_errmsg(db_));
}

// Inside a write transaction: the project row a new connector needs.
void Store::add_project(const std::string& project, int64_t now) {
  Statement p(*statements_, "INSERT INTO projects (name, created_ms) VALUES (?, ?) ON CONFLICT (name) DO NOTHING");
  p.bind(1, project).bind(2, now);
  if (p.step_rc() != SQLITE_DONE)
    throw HostError(ExitCode::kInvalidInput, "project name \"" + project + "\" is not valid");
}

// Inside a write transaction: deletes a connector, and its project once empty.
void Store::remove_connector_row(int64_t id, int64_t project_id) {
  Statement d(*statements_, "DELETE FROM connectors WHERE id = ?");
  d.bind(1, id);
  d.step();
  Statement dp(*statements_,
               "DELETE FROM projects WHERE id = ? AND NOT EXISTS (SELECT 1 FROM connectors WHERE project_id = ?)");
  dp.bind(1, project_id).bind(2, project_id);
  dp.step();
}

int64_t Store::insert_connector(const NewConnector& c) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  const int64_t now = now_ms_();
  Transaction tx(*statements_, true);
  add_project(c.project, now);
  Statement ins(*statements_,
                "INSERT INTO connectors (project_id, name, description, type_id, singleton, status, summary_json, "
                "created_ms, updated_ms, last_used_ms) "
                "VALUES ((SELECT id FROM projects WHERE name = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8)");
  ins.bind(1, c.project).bind(2, c.name).bind(3, c.description).bind(4, c.type_id);
  ins.bind(5, static_cast<int64_t>(c.singleton ? 1 : 0)).bind(6, c.status).bind(7, c.summary_json).bind(8, now);
  int rc = ins.step_rc();
  if (rc != SQLITE_DONE) throw_insert_conflict(rc, c);
  const int64_t id = sqlite3_last_insert_rowid(db_);
  Statement upd(*statements_, "UPDATE connectors SET state_sealed = ? WHERE id = ?");
  upd.bind_blob(1, seal_state(id, c.state_json)).bind(2, id);
  upd.step();
  tx.commit();
  return id;
}

// Inside a write transaction: the version, project and lease holder of row `id`.
Store::RowHead Store::row_head(int64_t id) {
  Statement s(*statements_, "SELECT version, project_id, lease_owner FROM connectors WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) throw HostError(ExitCode::kNotFound, "the connector was deleted meanwhile");
  return {s.integer(0), s.integer(1), s.text(2)};
}

// Inside a write transaction: the head of the row `lease` holds, if the
// holder may write it: while it holds the lease, or once it lost it only
// when nobody wrote the row since (its version is still the one it saw).
Store::RowHead Store::head_writable_by(const Lease& lease, const char* conflict_message) {
  RowHead head = row_head(lease.connector_id);
  if (head.lease_owner != lease.owner && head.version != lease.version)
    throw HostError(ExitCode::kConflict, conflict_message, "run the command again");
  return head;
}

// The state of `change` sealed for row `id`, if it has one: done before a
// write, so a batch of writes (group_commit.hpp) does not wait for the cipher.
std::optional<std::string> Store::sealed_state_of(int64_t id, const ConnectorChange& change) const {
  if (!change.state_json) return std::nullopt;
  return seal_state(id, *change.state_json);
}

// Inside a write transaction: applies `change` to row `id` (bumping its
// version), with its state as sealed_state_of() sealed it; with
// `release_owner`, also clears that holder's lease.
void Store::apply_change(int64_t id, const ConnectorChange& change, const std::optional<std::string>& sealed,
                         int64_t now, const std::string* release_owner) {
  Statement u(*statements_,
              "UPDATE connectors SET status = COALESCE(?1, status), summary_json = COALESCE(?2, summary_json), "
              "state_sealed = COALESCE(?3, state_sealed), updated_ms = ?4, "
              "last_used_ms = CASE WHEN ?5 THEN ?4 ELSE last_used_ms END, version = version + 1, "
              "lease_until_ms = CASE WHEN lease_owner = ?7 THEN 0 ELSE lease_until_ms END, "
              "lease_owner = CASE WHEN lease_owner = ?7 THEN '' ELSE lease_owner END WHERE id = ?6");
  if (change.status) u.bind(1, *change.status);
  if (change.summary_json) u.bind(2, *change.summary_json);
  if (sealed) u.bind_blob(3, *sealed);
  u.bind(4, now).bind(5, static_cast<int64_t>(change.touch_last_used ? 1 : 0)).bind(6, id);
  if (release_owner != nullptr) u.bind(7, *release_owner);
  u.step();
}

void Store::update_connector(int64_t id, const ConnectorChange& change, int64_t expected_version) {
  const std::optional<std::string> sealed = sealed_state_of(id, change);
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  const int64_t now = now_ms_();
  Transaction tx(*statements_, true);
  if (expected_version >= 0 && row_head(id).version != expected_version) throw changed_meanwhile();
  apply_change(id, change, sealed, now, nullptr);
  tx.commit();
}

void Store::modify_state(int64_t id, const std::function<std::string(const std::string&)>& transform) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Transaction tx(*statements_, true);
  std::string state;
  {
    Statement s(*statements_, "SELECT state_sealed FROM connectors WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) throw HostError(ExitCode::kNotFound, "the connector was deleted meanwhile");
    state = open_state(id, s.blob(0));
  }
  Statement u(*statements_,
              "UPDATE connectors SET state_sealed = ?, updated_ms = ?, version = version + 1 WHERE id = ?");
  u.bind_blob(1, seal_state(id, transform(state))).bind(2, now_ms_()).bind(3, id);
  u.step();
  tx.commit();
}

void Store::delete_connector(int64_t id, int64_t expected_version) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Transaction tx(*statements_, true);
  const RowHead head = row_head(id);
  if (expected_version >= 0 && head.version != expected_version) throw changed_meanwhile();
  remove_connector_row(id, head.project_id);
  tx.commit();
}

void Store::check_writable() {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Transaction tx(*statements_, true);  // rolled back
}

// ---- one writer per connector ----

bool Store::live(const std::string& owner, int64_t until_ms) {
  return !owner.empty() && until_ms >= lease_now_ms_() && lease_owner_alive(owner);
}

bool Store::lease_live(const ConnectorRecord& c) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  return live(c.lease_owner, c.lease_until_ms);
}

std::optional<Lease> Store::try_acquire_lease(int64_t id, const std::string& purpose, int64_t ttl_ms,
                                              std::string* holder, ConnectorRecord* current) {
  std::optional<Lease> lease;
  std::string sealed;  // with `current`: the row's sealed state, opened once the write is over
  write_in_group([&] {
    const int64_t now = lease_now_ms_();
    std::string owner;
    int64_t until_ms = 0;
    int64_t version = 0;
    if (current != nullptr) {
      Statement row(*statements_, kSelectById);  // the whole row, read in this transaction
      row.bind(1, id);
      if (!row.step()) throw HostError(ExitCode::kNotFound, "the connector was deleted meanwhile");
      *current = read_row(&row, false);
      if (current->pending) return;
      owner = current->lease_owner;
      until_ms = current->lease_until_ms;
      version = current->version;
      sealed = row.blob(8);
    } else {
      Statement s(*statements_, "SELECT lease_owner, lease_until_ms, version FROM connectors WHERE id = ?");
      s.bind(1, id);
      if (!s.step()) throw HostError(ExitCode::kNotFound, "the connector was deleted meanwhile");
      owner = s.text(0);
      until_ms = s.integer(1);
      version = s.integer(2);
    }
    if (live(owner, until_ms)) {
      if (holder != nullptr) *holder = owner;
      return;
    }
    lease = Lease{id, make_lease_owner(purpose, now), version, ttl_ms};
    if (current != nullptr) {
      current->lease_owner = lease->owner;
      current->lease_until_ms = now + ttl_ms;
    }
    Statement u(*statements_, "UPDATE connectors SET lease_owner = ?, lease_until_ms = ? WHERE id = ?");
    u.bind(1, lease->owner).bind(2, now + ttl_ms).bind(3, id);
    u.step();
  });
  if (lease && current != nullptr) {
    try {
      current->state_json = open_state(id, sealed);
    } catch (...) {
      release_lease(*lease);  // a state that does not open must not keep the connector busy
      throw;
    }
  }
  return lease;
}

Lease Store::acquire_lease(int64_t id, const std::string& purpose, std::chrono::milliseconds wait, int64_t ttl_ms,
                           ConnectorRecord* current) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  std::optional<std::mt19937> jitter;  // seeded only when there is a wait: most leases are free
  std::chrono::milliseconds pause(10);
  std::string holder;
  while (true) {
    if (auto lease = try_acquire_lease(id, purpose, ttl_ms, &holder, current)) return *lease;
    if (current != nullptr && current->pending) {
      throw HostError(ExitCode::kNotFound,
                      lease_live(*current) ? "the connector is still being created"
                                           : "the connector's creation was abandoned; delete it or create it again");
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    // Backoff with jitter, so waiters do not wake in lockstep.
    if (!jitter) jitter.emplace(std::random_device{}());
    std::uniform_int_distribution<int> d(0, static_cast<int>(pause.count()));
    std::this_thread::sleep_for(pause + std::chrono::milliseconds(d(*jitter)));
    pause = std::min(pause * 2, std::chrono::milliseconds(200));
  }
  throw HostError(ExitCode::kConflict, "the connector is busy: " + describe_lease_owner(holder) + " is changing it",
                  "wait for it to finish and run the command again");
}

bool Store::renew_lease(const Lease& lease) {
  bool held = false;
  write_in_group([&] {
    Statement u(*statements_, "UPDATE connectors SET lease_until_ms = ? WHERE id = ? AND lease_owner = ?");
    u.bind(1, lease_now_ms_() + lease.ttl_ms).bind(2, lease.connector_id).bind(3, lease.owner);
    u.step();
    held = sqlite3_changes(db_) == 1;
  });
  return held;
}

void Store::release_lease(const Lease& lease) noexcept {
  try {
    write_in_group([&] {
      Statement u(*statements_,
                  "UPDATE connectors SET lease_owner = '', lease_until_ms = 0 WHERE id = ? AND lease_owner = ?");
      u.bind(1, lease.connector_id).bind(2, lease.owner);
      u.step();
    });
  } catch (...) {
    // The lease expires on its own.
  }
}

void Store::commit(Lease& lease, const ConnectorChange& change) { commit_leased(lease, change, nullptr); }

void Store::commit_and_release(Lease& lease, const ConnectorChange& change) {
  commit_leased(lease, change, &lease.owner);
}

// commit()'s check and write; with `release_owner`, the lease is given up in
// the same write (apply_change() clears it only while it is still this holder's).
void Store::commit_leased(Lease& lease, const ConnectorChange& change, const std::string* release_owner) {
  const std::optional<std::string> sealed = sealed_state_of(lease.connector_id, change);
  const int64_t now = now_ms_();
  RowHead head;
  write_in_group([&] {
    head = head_writable_by(lease, kLostLeaseConflict);
    apply_change(lease.connector_id, change, sealed, now, release_owner);
  });
  lease.version = head.version + 1;
}

void Store::write_in_group(const std::function<void()>& write) { group_->run(write); }

// One transaction for every write of `batch`, each in a savepoint of its
// own when there are several, so that one that throws is undone alone.
void Store::execute_batch(const std::vector<GroupCommit::Request*>& batch) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Transaction tx(*statements_, true);
  if (batch.size() == 1) {
    (*batch.front()->write)();  // its error rolls the transaction back
    tx.commit();
    return;
  }
  bool any_done = false;
  for (GroupCommit::Request* r : batch) {
    run_statement(*statements_, "SAVEPOINT group_write");
    try {
      (*r->write)();
      run_statement(*statements_, "RELEASE group_write");
      any_done = true;
    } catch (...) {
      r->error = std::current_exception();
      run_statement(*statements_, "ROLLBACK TO group_write");
      run_statement(*statements_, "RELEASE group_write");
    }
  }
  if (any_done) tx.commit();
}

void Store::delete_leased(const Lease& lease) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Transaction tx(*statements_, true);
  const RowHead head = head_writable_by(lease, kChangedMeanwhile);
  remove_connector_row(lease.connector_id, head.project_id);
  tx.commit();
}

// ---- reservations ----

Lease Store::reserve_connector(const NewConnector& c, const std::string& purpose, int64_t ttl_ms) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  const int64_t now = now_ms_();
  const int64_t lease_now = lease_now_ms_();
  Transaction tx(*statements_, true);
  add_project(c.project, now);
  // The rows that hold this name or this singleton slot.
  Statement in_way(*statements_,
                   "SELECT c.id, c.pending, c.lease_owner, c.lease_until_ms, c.name FROM connectors c "
                   "JOIN projects p ON p.id = c.project_id WHERE p.name = ?1 AND "
                   "(c.name = ?2 OR (?3 = 1 AND c.singleton = 1 AND c.type_id = ?4))");
  in_way.bind(1, c.project).bind(2, c.name).bind(3, static_cast<int64_t>(c.singleton ? 1 : 0)).bind(4, c.type_id);
  std::vector<int64_t> abandoned;
  while (in_way.step()) {
    if (in_way.integer(1) == 0) continue;  // a finished connector: the insert below reports it
    const std::string owner = in_way.text(2);
    if (live(owner, in_way.integer(3))) {
      throw HostError(ExitCode::kConflict,
                      "project \"" + c.project + "\" already has a connector \"" + in_way.text(4) +
                          "\" of this type being created by " + describe_lease_owner(owner),
                      "wait for it to finish, then see `console-host connector list --project \"" + c.project + "\"`");
    }
    abandoned.push_back(in_way.integer(0));
  }
  for (int64_t id : abandoned) {
    Statement d(*statements_, "DELETE FROM connectors WHERE id = ? AND pending = 1");
    d.bind(1, id);
    d.step();
  }
  Lease lease{0, make_lease_owner(purpose, lease_now), 0, ttl_ms};
  Statement ins(*statements_,
                "INSERT INTO connectors (project_id, name, description, type_id, singleton, status, summary_json, "
                "created_ms, updated_ms, last_used_ms, pending, lease_owner, lease_until_ms) "
                "VALUES ((SELECT id FROM projects WHERE name = ?1), ?2, ?3, ?4, ?5, 'creating', '{}', ?6, ?6, 0, 1, "
                "?7, ?8)");
  ins.bind(1, c.project).bind(2, c.name).bind(3, c.description).bind(4, c.type_id);
  ins.bind(5, static_cast<int64_t>(c.singleton ? 1 : 0)).bind(6, now).bind(7, lease.owner).bind(8, lease_now + ttl_ms);
  int rc = ins.step_rc();
  if (rc != SQLITE_DONE) throw_insert_conflict(rc, c);
  lease.connector_id = sqlite3_last_insert_rowid(db_);
  lease.version = 1;
  tx.commit();
  return lease;
}

void Store::complete_reservation(Lease& lease, const std::string& status, const std::string& summary_json,
                                 const std::string& state_json) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  const int64_t now = now_ms_();
  Transaction tx(*statements_, true);
  {
    Statement s(*statements_, "SELECT lease_owner, version FROM connectors WHERE id = ? AND pending = 1");
    s.bind(1, lease.connector_id);
    if (!s.step() || (s.text(0) != lease.owner && s.integer(1) != lease.version)) {
      throw HostError(ExitCode::kConflict,
                      "this connector's reservation expired and another console-host took its place; it was not saved",
                      "see `console-host connector list`");
    }
  }
  Statement u(*statements_,
              "UPDATE connectors SET pending = 0, status = ?1, summary_json = ?2, state_sealed = ?3, created_ms = ?4, "
              "updated_ms = ?4, last_used_ms = ?4, version = version + 1, lease_owner = ?5 WHERE id = ?6");
  u.bind(1, status).bind(2, summary_json).bind_blob(3, seal_state(lease.connector_id, state_json)).bind(4, now);
  u.bind(5, lease.owner).bind(6, lease.connector_id);
  u.step();
  lease.version += 1;
  tx.commit();
}

void Store::abandon_reservation(const Lease& lease) noexcept {
  try {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    Transaction tx(*statements_, true);
    int64_t project_id = 0;
    {
      Statement s(*statements_, "SELECT project_id FROM connectors WHERE id = ? AND pending = 1 AND lease_owner = ?");
      s.bind(1, lease.connector_id).bind(2, lease.owner);
      if (!s.step()) return;
      project_id = s.integer(0);
    }
    remove_connector_row(lease.connector_id, project_id);
    tx.commit();
  } catch (...) {
    // Left behind, it is listed as abandoned and replaced by the next create.
  }
}

// ---- LeaseKeeper ----

LeaseRenewer& Store::renewer() {
  std::call_once(renewer_once_, [this] {
    renewer_ = std::make_unique<LeaseRenewer>([this](const Lease& l) { return renew_lease(l); });
  });
  return *renewer_;
}

LeaseKeeper::LeaseKeeper(Store& store, const Lease& lease) : store_(store) { id_ = store_.renewer().add(lease, lost_); }

LeaseKeeper::~LeaseKeeper() { store_.renewer().remove(id_); }

// ---- the key ----

int64_t count_sealed_states(const std::string& path) {
  if (::access(path.c_str(), F_OK) != 0) return 0;
  sqlite3* db = nullptr;
  int64_t n = 0;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM connectors WHERE state_sealed IS NOT NULL", -1, &st, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return n;
}

SecretBox open_store_key(const std::string& store_path) {
  const std::string key_path = key_path_for_store(store_path);
  if (::access(key_path.c_str(), F_OK) != 0) {
    if (const int64_t n = count_sealed_states(store_path); n > 0) {
      throw HostError(ExitCode::kStore,
                      "the key file " + key_path + " is missing, and the store " + store_path + " holds " +
                          std::to_string(n) + " sealed connector state" + (n == 1 ? "" : "s") +
                          " that only that key opens; no new key was made",
                      "restore " + key_path +
                          " from where the store came from (a store copied without its key "
                          "cannot be read)");
    }
  }
  return SecretBox::open_or_create_key(key_path);
}

}  // namespace console_host
