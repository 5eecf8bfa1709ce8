// store.hpp -- projects and connectors, persisted in SQLite.
//
// One SQLite file (WAL journal, busy timeout) holds every project and its
// connectors. The schema carries its own version (table schema_migrations)
// and is migrated forward when opened. Constraints live in the schema, so no
// code path can break them:
//   - a connector name is unique within its project (case-insensitive);
//   - a project holds at most one connector of a singleton type (a partial
//     unique index on (project, type) where singleton = 1).
// A connector's state (it holds the tokens) is sealed with a SecretBox bound
// to the connector's row id; the summary is public and stored in clear.
//
// Every public method is one transaction; writes use BEGIN IMMEDIATE, so two
// processes (or threads) writing at once are serialised by SQLite and no
// update is lost. Optimistic checks use each row's `version`.
//
//   Store store(path, SecretBox::open_or_create_key(key_path_for_store(path)), clock);
//   int64_t id = store.insert_connector({"Sales", "SF", "", "salesforce", true, "connected", summary, state});
//   auto c = store.find_connector("Sales", "SF", /*with_state=*/true);
#ifndef CONSOLE_HOST_STORE_STORE_HPP
#define CONSOLE_HOST_STORE_STORE_HPP

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/secret_box.hpp"

struct sqlite3;

namespace console_host {

struct ConnectorRecord {
  int64_t id = 0;
  std::string project;
  std::string name;
  std::string description;
  std::string type_id;
  bool singleton = false;
  std::string status;        // "connected" | "reauthorization_needed"
  std::string summary_json;  // public, never secrets
  std::string state_json;    // decrypted; empty unless asked for
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  int64_t last_used_ms = 0;  // when its tokens were last used or renewed
  int64_t version = 0;       // bumped by every change
};

// What a new connector is made of.
struct NewConnector {
  std::string project;
  std::string name;
  std::string description;
  std::string type_id;
  bool singleton = false;
  std::string status;
  std::string summary_json;
  std::string state_json;
};

// A change to a connector; unset members stay as they are.
struct ConnectorChange {
  std::optional<std::string> status;
  std::optional<std::string> summary_json;
  std::optional<std::string> state_json;
  bool touch_last_used = false;
};

struct ProjectRecord {
  std::string name;
  int64_t connector_count = 0;
};

class Store {
 public:
  using Clock = std::function<int64_t()>;

  // The schema version this build writes.
  static int latest_schema_version();

  // Opens (creating when missing) and migrates the store. Throws HostError(kStore).
  Store(const std::string& path, SecretBox box, Clock now_ms);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version();

  std::vector<ProjectRecord> list_projects();
  // All connectors, or those of one project ("" = all), by project then name.
  std::vector<ConnectorRecord> list_connectors(const std::string& project = {});
  std::optional<ConnectorRecord> find_connector(const std::string& project, const std::string& name, bool with_state);
  std::optional<ConnectorRecord> find_by_id(int64_t id, bool with_state);
  // The connector of `type_id` in `project`, if any (for singleton checks).
  std::optional<ConnectorRecord> find_of_type(const std::string& project, const std::string& type_id);

  // Creates the project when missing and inserts the connector, sealing its
  // state, all in one transaction. Throws HostError(kConflict) on a duplicate
  // name or a second connector of a singleton type, with a clear message.
  int64_t insert_connector(const NewConnector& c);

  // Applies `change`. With `expected_version` >= 0 the change is refused with
  // HostError(kConflict) when the row changed since it was read. Throws
  // HostError(kNotFound) when the connector is gone.
  void update_connector(int64_t id, const ConnectorChange& change, int64_t expected_version = -1);

  // Reads, transforms and writes one connector's state in one write
  // transaction (no other writer can interleave).
  void modify_state(int64_t id, const std::function<std::string(const std::string&)>& transform);

  // Deletes a connector (and its project when it was the last one).
  void delete_connector(int64_t id, int64_t expected_version = -1);

  const std::string& path() const { return path_; }

 private:
  class Transaction;
  void migrate();
  ConnectorRecord read_row(void* stmt, bool with_state);
  std::string seal_state(int64_t id, const std::string& state) const;

  std::string path_;
  SecretBox box_;
  Clock now_ms_;
  sqlite3* db_ = nullptr;
  std::recursive_mutex mutex_;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_STORE_STORE_HPP
