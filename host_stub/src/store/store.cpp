#include "store/store.hpp"

#include <sqlite3.h>

#include <utility>

#include "host_error.hpp"
#include "store/data_paths.hpp"

namespace console_host {
namespace {

// Each entry moves the schema one version forward. Never edit a released
// entry: append a new one.
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
};
constexpr int kMigrationCount = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);

// A prepared statement that finalises itself.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw HostError(ExitCode::kStore, std::string("store query failed: ") + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
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
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
  }
  std::string blob(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
  }
  int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  sqlite3_stmt* get() { return stmt_; }

 private:
  sqlite3* db_;
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

const char* const kSelectColumns =
    "SELECT c.id, p.name, c.name, c.description, c.type_id, c.singleton, c.status, c.summary_json, "
    "c.state_sealed, c.created_ms, c.updated_ms, c.last_used_ms, c.version "
    "FROM connectors c JOIN projects p ON p.id = c.project_id ";

std::string aad_for(int64_t id) { return "connector:" + std::to_string(id); }

}  // namespace

// BEGIN IMMEDIATE (write) or DEFERRED (read) ... COMMIT, rolled back unless committed.
class Store::Transaction {
 public:
  Transaction(sqlite3* db, bool write) : db_(db) { exec(db_, write ? "BEGIN IMMEDIATE" : "BEGIN"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    exec(db_, "COMMIT");
    done_ = true;
  }

 private:
  sqlite3* db_;
  bool done_ = false;
};

int Store::latest_schema_version() { return kMigrationCount; }

Store::Store(const std::string& path, SecretBox box, Clock now_ms)
    : path_(path), box_(std::move(box)), now_ms_(std::move(now_ms)) {
  ensure_parent_directory(path_);
  int rc = sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw HostError(ExitCode::kStore, "cannot open store " + path_ + ": " + msg);
  }
  try {
    sqlite3_busy_timeout(db_, 15000);
    exec(db_, "PRAGMA journal_mode=WAL");
    exec(db_, "PRAGMA synchronous=NORMAL");
    exec(db_, "PRAGMA foreign_keys=ON");
    migrate();
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Store::~Store() { sqlite3_close(db_); }

void Store::migrate() {
  Transaction tx(db_, true);
  exec(db_, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)");
  int current = 0;
  {
    Statement s(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (s.step()) current = static_cast<int>(s.integer(0));
  }
  if (current > kMigrationCount) {
    throw HostError(ExitCode::kStore, "store " + path_ + " has schema version " + std::to_string(current) +
                                          ", newer than this console-host understands (" +
                                          std::to_string(kMigrationCount) + ")",
                    "use a newer console-host, or another store with --store");
  }
  for (int v = current + 1; v <= kMigrationCount; ++v) {
    exec(db_, kMigrations[v - 1]);
    Statement ins(db_, "INSERT INTO schema_migrations (version, applied_ms) VALUES (?, ?)");
    ins.bind(1, static_cast<int64_t>(v)).bind(2, now_ms_());
    ins.step();
  }
  tx.commit();
}

int Store::schema_version() {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement s(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

std::vector<ProjectRecord> Store::list_projects() {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Statement s(db_,
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
  if (with_state) {
    std::string sealed = s->blob(8);
    r.state_json = sealed.empty() ? "{}" : box_.open(sealed, aad_for(r.id));
  }
  r.created_ms = s->integer(9);
  r.updated_ms = s->integer(10);
  r.last_used_ms = s->integer(11);
  r.version = s->integer(12);
  return r;
}

std::vector<ConnectorRecord> Store::list_connectors(const std::string& project) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  std::string sql = std::string(kSelectColumns) + (project.empty() ? "" : "WHERE p.name = ?1 ") +
                    "ORDER BY p.name COLLATE NOCASE, c.name COLLATE NOCASE";
  Statement s(db_, sql.c_str());
  if (!project.empty()) s.bind(1, project);
  std::vector<ConnectorRecord> out;
  while (s.step()) out.push_back(read_row(&s, false));
  return out;
}

std::optional<ConnectorRecord> Store::find_connector(const std::string& project, const std::string& name,
                                                     bool with_state) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  std::string sql = std::string(kSelectColumns) + "WHERE p.name = ?1 AND c.name = ?2";
  Statement s(db_, sql.c_str());
  s.bind(1, project).bind(2, name);
  if (!s.step()) return std::nullopt;
  return read_row(&s, with_state);
}

std::optional<ConnectorRecord> Store::find_by_id(int64_t id, bool with_state) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  std::string sql = std::string(kSelectColumns) + "WHERE c.id = ?1";
  Statement s(db_, sql.c_str());
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_row(&s, with_state);
}

std::optional<ConnectorRecord> Store::find_of_type(const std::string& project, const std::string& type_id) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  std::string sql = std::string(kSelectColumns) + "WHERE p.name = ?1 AND c.type_id = ?2 ORDER BY c.id LIMIT 1";
  Statement s(db_, sql.c_str());
  s.bind(1, project).bind(2, type_id);
  if (!s.step()) return std::nullopt;
  return read_row(&s, false);
}

std::string Store::seal_state(int64_t id, const std::string& state) const { return box_.seal(state, aad_for(id)); }

int64_t Store::insert_connector(const NewConnector& c) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  const int64_t now = now_ms_();
  Transaction tx(db_, true);
  {
    Statement p(db_, "INSERT INTO projects (name, created_ms) VALUES (?, ?) ON CONFLICT (name) DO NOTHING");
    p.bind(1, c.project).bind(2, now);
    if (p.step_rc() != SQLITE_DONE)
      throw HostError(ExitCode::kInvalidInput, "project name \"" + c.project + "\" is not valid");
  }
  Statement ins(db_,
                "INSERT INTO connectors (project_id, name, description, type_id, singleton, status, summary_json, "
                "created_ms, updated_ms, last_used_ms) "
                "VALUES ((SELECT id FROM projects WHERE name = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8)");
  ins.bind(1, c.project).bind(2, c.name).bind(3, c.description).bind(4, c.type_id);
  ins.bind(5, static_cast<int64_t>(c.singleton ? 1 : 0)).bind(6, c.status).bind(7, c.summary_json).bind(8, now);
  int rc = ins.step_rc();
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
  if (rc != SQLITE_DONE) throw HostError(ExitCode::kStore, std::string("store write failed: ") + sqlite3_errmsg(db_));
  const int64_t id = sqlite3_last_insert_rowid(db_);
  Statement upd(db_, "UPDATE connectors SET state_sealed = ? WHERE id = ?");
  upd.bind_blob(1, seal_state(id, c.state_json)).bind(2, id);
  upd.step();
  tx.commit();
  return id;
}

void Store::update_connector(int64_t id, const ConnectorChange& change, int64_t expected_version) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  const int64_t now = now_ms_();
  Transaction tx(db_, true);
  int64_t version = 0;
  {
    Statement s(db_, "SELECT version FROM connectors WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) throw HostError(ExitCode::kNotFound, "the connector was deleted meanwhile");
    version = s.integer(0);
  }
  if (expected_version >= 0 && version != expected_version) {
    throw HostError(ExitCode::kConflict, "the connector was changed by someone else meanwhile",
                    "run the command again");
  }
  Statement u(db_,
              "UPDATE connectors SET status = COALESCE(?1, status), summary_json = COALESCE(?2, summary_json), "
              "state_sealed = COALESCE(?3, state_sealed), updated_ms = ?4, "
              "last_used_ms = CASE WHEN ?5 THEN ?4 ELSE last_used_ms END, version = version + 1 WHERE id = ?6");
  if (change.status) u.bind(1, *change.status);
  if (change.summary_json) u.bind(2, *change.summary_json);
  if (change.state_json) u.bind_blob(3, seal_state(id, *change.state_json));
  u.bind(4, now).bind(5, static_cast<int64_t>(change.touch_last_used ? 1 : 0)).bind(6, id);
  u.step();
  tx.commit();
}

void Store::modify_state(int64_t id, const std::function<std::string(const std::string&)>& transform) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Transaction tx(db_, true);
  std::string state;
  {
    Statement s(db_, "SELECT state_sealed FROM connectors WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) throw HostError(ExitCode::kNotFound, "the connector was deleted meanwhile");
    std::string sealed = s.blob(0);
    state = sealed.empty() ? "{}" : box_.open(sealed, aad_for(id));
  }
  Statement u(db_, "UPDATE connectors SET state_sealed = ?, updated_ms = ?, version = version + 1 WHERE id = ?");
  u.bind_blob(1, seal_state(id, transform(state))).bind(2, now_ms_()).bind(3, id);
  u.step();
  tx.commit();
}

void Store::delete_connector(int64_t id, int64_t expected_version) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Transaction tx(db_, true);
  int64_t project_id = 0;
  {
    Statement s(db_, "SELECT version, project_id FROM connectors WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) throw HostError(ExitCode::kNotFound, "the connector was deleted meanwhile");
    if (expected_version >= 0 && s.integer(0) != expected_version)
      throw HostError(ExitCode::kConflict, "the connector was changed by someone else meanwhile",
                      "run the command again");
    project_id = s.integer(1);
  }
  Statement d(db_, "DELETE FROM connectors WHERE id = ?");
  d.bind(1, id);
  d.step();
  Statement dp(db_, "DELETE FROM projects WHERE id = ? AND NOT EXISTS (SELECT 1 FROM connectors WHERE project_id = ?)");
  dp.bind(1, project_id).bind(2, project_id);
  dp.step();
  tx.commit();
}

}  // namespace console_host
