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
// update is lost. One Store object may be shared by the threads of a server:
// its methods use the connection under the store's own mutex only, so the
// connection is opened NOMUTEX (SQLite's own per-call mutex would lock again
// what is already locked). The lease writes of threads that write at the
// same moment share one transaction (group_commit.hpp).
//
// ONE WRITER PER CONNECTOR. A connector's state changes with every remote
// call that uses its tokens (Salesforce rotates refresh tokens), so a
// read-modify-write that spans a remote call must not interleave with
// another one on the same connector, in this process or any other:
//
//   Lease lease = store.acquire_lease(id, "refresh", std::chrono::seconds(30));  // waits, or kConflict "busy"
//   LeaseKeeper keep(store, lease);            // renews it while the remote call runs
//   ConnectorRecord rec = *store.find_by_id(id, /*with_state=*/true);   // the newest state, read under the lease
//   ... the remote call ...
//   store.commit(lease, change);               // persists; kConflict if the lease was lost AND the row changed
//   store.release_lease(lease);                // (LeaseKeeper's owner usually does this in a scope guard)
//
// The same in two write transactions instead of three (and no read of its
// own), for work that runs per connector in bulk (refresh --all):
//
//   ConnectorRecord rec;
//   Lease lease = store.acquire_lease(id, "refresh", wait, Store::kLeaseTtlMs, &rec);  // lease + newest row
//   ... the remote call ...
//   store.commit_and_release(lease, change);   // commit()'s check and write, and release_lease(), at once
//
// A lease is a row's (lease_owner, lease_until_ms): taking it is a write
// (so it also proves the store can be written before any token is spent),
// it expires unless renewed, and a holder whose process is gone on this host
// is dead at once (lease_owner.hpp). commit() writes while the lease is held,
// or, once it was lost, only if nobody wrote the row meanwhile (its version
// is still the one the lease saw): no path persists an older state over a
// newer one.
//
// RESERVE BEFORE CHANGING THE REMOTE SYSTEM. A connector being created is a
// pending row (pending = 1, status "creating") holding its name and its
// project's singleton slot, leased by its creator:
//
//   Lease r = store.reserve_connector(new_connector, "create");  // kConflict names the live holder
//   ... the wizard; store.renew_lease(r) keeps it ...
//   store.complete_reservation(r, status, summary, state);  // becomes a normal connector
//   // or store.abandon_reservation(r) when the wizard stops
//
// A pending row whose lease expired or whose creator died is "abandoned":
// it is listed (so an admin sees it), and the next reserve of that name or
// slot replaces it.
//
//   Store store(path, open_store_key(path), clock);
//   int64_t id = store.insert_connector({"Sales", "SF", "", "salesforce", true, "connected", summary, state});
//   auto c = store.find_connector("Sales", "SF", /*with_state=*/true);
#ifndef CONSOLE_HOST_STORE_STORE_HPP
#define CONSOLE_HOST_STORE_STORE_HPP

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/group_commit.hpp"
#include "store/secret_box.hpp"

struct sqlite3;

namespace console_host {

class LeaseRenewer;
class StatementCache;

struct ConnectorRecord {
  int64_t id = 0;
  std::string project;
  std::string name;
  std::string description;
  std::string type_id;
  bool singleton = false;
  std::string status;        // "connected" | "reauthorization_needed" | "creating" (pending)
  std::string summary_json;  // public, never secrets
  std::string state_json;    // decrypted; empty unless asked for
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  int64_t last_used_ms = 0;  // when its tokens were last used or renewed
  int64_t version = 0;       // bumped by every change
  bool pending = false;      // a reservation: being created, not usable yet
  std::string lease_owner;   // "" when nobody holds its lease (lease_owner.hpp)
  int64_t lease_until_ms = 0;
};

// The right to change one connector (or to finish creating it).
struct Lease {
  int64_t connector_id = 0;
  std::string owner;    // unique to this acquisition
  int64_t version = 0;  // the row's version as last seen by this holder
  int64_t ttl_ms = 0;
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

  // How long a lease lasts unless renewed (LeaseKeeper renews every third).
  static constexpr int64_t kLeaseTtlMs = 30000;

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

  // Throws HostError(kStore) unless a write transaction can be begun
  // (BEGIN IMMEDIATE, then rolled back): for bulk work that must not start
  // spending tokens it could never persist.
  void check_writable();

  // ---- one writer per connector ----

  // Takes the connector's lease if nobody live holds it. Returns nullopt
  // (and, when `holder` is given, who holds it) when it is taken. Throws
  // HostError(kNotFound) when the connector is gone, HostError(kStore) when
  // the store cannot be written.
  // With `current`, the row as the lease found it (its state decrypted,
  // its lease fields the new holder's) is read in the same transaction, so
  // it is the newest state: no find_by_id is needed after it. A pending
  // row's lease is not taken when `current` is given: nullopt is returned
  // with `current->pending` set (and `holder` empty).
  std::optional<Lease> try_acquire_lease(int64_t id, const std::string& purpose, int64_t ttl_ms = kLeaseTtlMs,
                                         std::string* holder = nullptr, ConnectorRecord* current = nullptr);
  // Waits up to `wait` for the lease (polling with backoff); then throws
  // HostError(kConflict) naming the holder. `current` as for
  // try_acquire_lease, except that a pending row throws
  // HostError(kNotFound) at once.
  Lease acquire_lease(int64_t id, const std::string& purpose, std::chrono::milliseconds wait,
                      int64_t ttl_ms = kLeaseTtlMs, ConnectorRecord* current = nullptr);
  // Extends the lease; false when it was lost (expired and taken over).
  bool renew_lease(const Lease& lease);
  // Gives the lease up (never throws; a lost lease is left alone).
  void release_lease(const Lease& lease) noexcept;
  // Applies `change` while holding `lease` (see the header comment), and
  // records the new version in `lease`. Throws HostError(kConflict) when the
  // lease was lost and the row changed since, HostError(kNotFound) when the
  // connector is gone.
  void commit(Lease& lease, const ConnectorChange& change);
  // commit() and release_lease() in one write transaction: the same check
  // (refused exactly when commit() refuses it, and then the lease is left
  // as it is, as release_lease() would leave a lost lease), the same write,
  // and the lease given up when it is still this holder's.
  void commit_and_release(Lease& lease, const ConnectorChange& change);
  // Deletes the connector held by `lease` (and its project when empty).
  void delete_leased(const Lease& lease);

  // ---- reservations ----

  // Inserts `c` as a pending row leased by the caller (its state is not
  // stored yet). Abandoned pending rows in the way are replaced. Throws
  // HostError(kConflict) for a duplicate name or a taken singleton slot,
  // naming the live creator when the holder is still being created.
  Lease reserve_connector(const NewConnector& c, const std::string& purpose, int64_t ttl_ms = kLeaseTtlMs);
  // Turns the reservation into a normal connector with this status, summary
  // and state. The lease stays held (release it).
  void complete_reservation(Lease& lease, const std::string& status, const std::string& summary_json,
                            const std::string& state_json);
  // Deletes the pending row if it is still this holder's (never throws).
  void abandon_reservation(const Lease& lease) noexcept;

  // True when a pending row's creator holds its lease (it is being created);
  // false when it is abandoned. Also tells whether any row's lease is live.
  bool lease_live(const ConnectorRecord& c);

  // Moves the lease clock (tests); the default is the system clock, never
  // the test clock that moves the plugins' time.
  void set_lease_clock(Clock now_ms) { lease_now_ms_ = std::move(now_ms); }

  const std::string& path() const { return path_; }

  // The lease writes batched so far (group_commit.hpp), for benchmarks and tests.
  GroupCommit::Counts group_commit_counts() { return group_->counts(); }

 private:
  class Transaction;
  void migrate();
  void add_project(const std::string& project, int64_t now);
  void remove_connector_row(int64_t id, int64_t project_id);
  ConnectorRecord read_row(void* stmt, bool with_state);
  struct RowHead {
    int64_t version = 0;
    int64_t project_id = 0;
    std::string lease_owner;
  };
  RowHead row_head(int64_t id);
  RowHead head_writable_by(const Lease& lease, const char* conflict_message);
  void commit_leased(Lease& lease, const ConnectorChange& change, const std::string* release_owner);
  std::optional<std::string> sealed_state_of(int64_t id, const ConnectorChange& change) const;
  void apply_change(int64_t id, const ConnectorChange& change, const std::optional<std::string>& sealed, int64_t now,
                    const std::string* release_owner);
  // Runs `write` in a write transaction shared with the writes other
  // threads ask for at the same moment (group_commit.hpp).
  void write_in_group(const std::function<void()>& write);
  void execute_batch(const std::vector<GroupCommit::Request*>& batch);
  std::string open_state(int64_t id, const std::string& sealed) const;
  std::string seal_state(int64_t id, const std::string& state) const;
  bool live(const std::string& owner, int64_t until_ms);
  [[noreturn]] void throw_insert_conflict(int rc, const NewConnector& c);

  std::string path_;
  SecretBox box_;
  Clock now_ms_;
  Clock lease_now_ms_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<StatementCache> statements_;
  std::unique_ptr<GroupCommit> group_;
  std::recursive_mutex mutex_;
  friend class LeaseKeeper;
  LeaseRenewer& renewer();
  std::once_flag renewer_once_;
  std::unique_ptr<LeaseRenewer> renewer_;  // declared last: stopped first
};

// Renews a lease every third of its lifetime while a long remote call or a
// wizard runs (on the store's one renewal thread); stops when destroyed.
// `lost()` turns true if a renewal found the lease taken over.
class LeaseKeeper {
 public:
  LeaseKeeper(Store& store, const Lease& lease);
  ~LeaseKeeper();
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;
  bool lost() const { return *lost_; }

 private:
  Store& store_;
  std::shared_ptr<std::atomic<bool>> lost_ = std::make_shared<std::atomic<bool>>(false);
  uint64_t id_ = 0;
};

// The key of the store at `store_path` (<store>.key): read it, or create it
// when the store holds no sealed state yet. A store that holds sealed states
// and has no key file is refused with HostError(kStore) naming the missing
// file: a new key could never open them.
SecretBox open_store_key(const std::string& store_path);

// How many connectors of the store at `path` hold a sealed state (0 when
// the file does not exist). Opens it read-only; never creates anything.
int64_t count_sealed_states(const std::string& path);

}  // namespace console_host

#endif  // CONSOLE_HOST_STORE_STORE_HPP
