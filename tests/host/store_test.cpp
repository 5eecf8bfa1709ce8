// The store: constraints, migrations, sealed state, and two processes
// writing at once.
#include "store/store.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "host_error.hpp"
#include "json_document.hpp"
#include "store/data_paths.hpp"
#include "store/lease_owner.hpp"
#include "store/leased_action.hpp"

namespace console_host {
namespace {

// Runs body(c) for c = 0..n-1 in n child processes at once; a child exits 0
// unless body throws (it then says why on stderr). Expects every child to
// exit 0.
void in_processes(int n, const std::function<void(int)>& body) {
  std::vector<pid_t> children;
  for (int c = 0; c < n; ++c) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int rc = 0;
      try {
        body(c);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "child %d: %s\n", c, e.what());
        rc = 1;
      }
      ::_exit(rc);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("store_test_" + std::to_string(::getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "console.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Store> open() {
    return std::make_unique<Store>(path_, SecretBox::open_or_create_key(key_path_for_store(path_)),
                                   [] { return int64_t{1000}; });
  }
  static NewConnector connector(const std::string& project, const std::string& name,
                                const std::string& type = "salesforce", bool singleton = true) {
    return NewConnector{project,
                        name,
                        "",
                        type,
                        singleton,
                        "connected",
                        R"({"org":"00D"})",
                        R"({"refresh_token":"5Aep861TOPSECRETvalue"})"};
  }
  std::string file_bytes() const {
    std::string all;
    for (const auto& ext : {"", "-wal"}) {
      std::ifstream in(path_ + ext, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      all += ss.str();
    }
    return all;
  }

  std::filesystem::path dir_;
  std::string path_;
};

ExitCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const HostError& e) {
    return e.code();
  }
  return ExitCode::kOk;
}

TEST_F(StoreTest, NewStoreIsMigratedToTheLatestSchema) {
  auto store = open();
  EXPECT_EQ(store->schema_version(), Store::latest_schema_version());
  store.reset();
  EXPECT_EQ(open()->schema_version(), Store::latest_schema_version());  // reopening migrates nothing twice
}

TEST_F(StoreTest, AVersion1StoreIsMigratedWithItsConnectorsAndTheirSealedStates) {
  auto store = open();
  int64_t id = store->insert_connector(connector("Sales", "SF"));
  store.reset();
  // Turn it back into what a version-1 host wrote: no lease or pending columns.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(
                db,
                "ALTER TABLE connectors DROP COLUMN pending; ALTER TABLE connectors DROP COLUMN lease_owner; "
                "ALTER TABLE connectors DROP COLUMN lease_until_ms; DELETE FROM schema_migrations WHERE version = 2;",
                nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
  store = open();
  EXPECT_EQ(store->schema_version(), 2);
  auto c = store->find_by_id(id, true);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->state_json, R"({"refresh_token":"5Aep861TOPSECRETvalue"})");
  EXPECT_FALSE(c->pending);
  EXPECT_TRUE(store->try_acquire_lease(id, "refresh"));
}

TEST_F(StoreTest, RefusesAStoreFromANewerHost) {
  open().reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (99, 0)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  try {
    open();
    FAIL() << "expected a refusal";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ExitCode::kStore);
    EXPECT_NE(std::string(e.what()).find("has schema version 99, newer than this console-host understands"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(StoreTest, UsesWriteAheadLogging) {
  open().reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_F(StoreTest, InsertsAndReadsBackWithDecryptedState) {
  auto store = open();
  int64_t id = store->insert_connector(connector("Sales", "SF"));
  auto c = store->find_connector("Sales", "SF", true);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->id, id);
  EXPECT_EQ(c->state_json, R"({"refresh_token":"5Aep861TOPSECRETvalue"})");
  EXPECT_EQ(c->summary_json, R"({"org":"00D"})");
  EXPECT_TRUE(store->find_connector("Sales", "SF", false)->state_json.empty());
  ASSERT_EQ(store->list_projects().size(), 1u);
  EXPECT_EQ(store->list_projects()[0].connector_count, 1);
}

TEST_F(StoreTest, StateIsNeverStoredInClearText) {
  auto store = open();
  store->insert_connector(connector("Sales", "SF"));
  store.reset();
  std::string bytes = file_bytes();
  EXPECT_EQ(bytes.find("5Aep861TOPSECRETvalue"), std::string::npos);
  EXPECT_EQ(bytes.find("refresh_token"), std::string::npos);
}

TEST_F(StoreTest, DuplicateNameInAProjectIsRefusedCaseInsensitively) {
  auto store = open();
  store->insert_connector(connector("Sales", "SF", "a", false));
  try {
    store->insert_connector(connector("sales", "sf", "b", false));
    FAIL();
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ExitCode::kConflict);
    EXPECT_STREQ(e.what(), "project \"sales\" already has a connector named \"sf\"");
  }
  EXPECT_EQ(code_of([&] { store->insert_connector(connector("Other", "SF", "a", false)); }), ExitCode::kOk);
}

TEST_F(StoreTest, SecondConnectorOfASingletonTypeIsRefused) {
  auto store = open();
  store->insert_connector(connector("Sales", "SF1"));
  try {
    store->insert_connector(connector("Sales", "SF2"));
    FAIL();
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ExitCode::kConflict);
    EXPECT_STREQ(e.what(), "project \"Sales\" already has a connector of type salesforce; a project holds at most one");
  }
  // Not a singleton type: several are fine.
  store->insert_connector(connector("Sales", "Sheet1", "sheets", false));
  EXPECT_EQ(code_of([&] { store->insert_connector(connector("Sales", "Sheet2", "sheets", false)); }), ExitCode::kOk);
}

TEST_F(StoreTest, SealedStateDoesNotOpenOnAnotherRow) {
  auto store = open();
  int64_t a = store->insert_connector(connector("A", "SF"));
  int64_t b = store->insert_connector(connector("B", "SF"));
  store.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  std::string sql =
      "UPDATE connectors SET state_sealed = (SELECT state_sealed FROM connectors WHERE id = " + std::to_string(a) +
      ") WHERE id = " + std::to_string(b);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  store = open();
  EXPECT_EQ(code_of([&] { store->find_by_id(b, true); }), ExitCode::kStore);
  EXPECT_EQ(code_of([&] { store->find_by_id(a, true); }), ExitCode::kOk);
}

TEST_F(StoreTest, StaleVersionIsAConflict) {
  auto store = open();
  int64_t id = store->insert_connector(connector("Sales", "SF"));
  auto c = store->find_by_id(id, false);
  ConnectorChange change;
  change.status = "reauthorization_needed";
  store->update_connector(id, change, c->version);
  EXPECT_EQ(code_of([&] { store->update_connector(id, change, c->version); }), ExitCode::kConflict);
  EXPECT_EQ(store->find_by_id(id, false)->status, "reauthorization_needed");
}

TEST_F(StoreTest, DeletingTheLastConnectorRemovesTheProject) {
  auto store = open();
  int64_t id = store->insert_connector(connector("Sales", "SF"));
  store->delete_connector(id);
  EXPECT_TRUE(store->list_projects().empty());
  EXPECT_EQ(code_of([&] { store->delete_connector(id); }), ExitCode::kNotFound);
}

// Two `connector create` runs on a console's first day open a store that does
// not exist yet at the same moment: each must get the store, none a
// "database is locked".
TEST_F(StoreTest, ProcessesOpeningANewStoreAtOnceAllGetIt) {
  constexpr int kProcesses = 8;
  constexpr int kTrials = 5;
  for (int trial = 0; trial < kTrials; ++trial) {
    path_ = (dir_ / ("new" + std::to_string(trial) + ".db")).string();
    int go[2];
    ASSERT_EQ(::pipe(go), 0);
    std::vector<pid_t> children;
    for (int i = 0; i < kProcesses; ++i) {
      const pid_t pid = ::fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        ::close(go[1]);
        char c;
        if (::read(go[0], &c, 1) != 0) _exit(3);  // wait until the parent closes the pipe
        try {
          auto store = open();
          store->insert_connector(connector("P" + std::to_string(i), "SF"));
          _exit(0);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "process %d: %s\n", i, e.what());
          _exit(1);
        }
      }
      children.push_back(pid);
    }
    ::close(go[0]);
    ::close(go[1]);  // all start now
    for (const pid_t pid : children) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "trial " << trial;
    }
    EXPECT_EQ(open()->list_connectors().size(), static_cast<size_t>(kProcesses)) << "trial " << trial;
  }
}

TEST_F(StoreTest, TwoProcessesWritingAtOnceLoseNoUpdate) {
  int64_t id = open()->insert_connector(NewConnector{"P", "counter", "", "t", false, "connected", "{}", "0"});
  constexpr int kPerProcess = 150;
  in_processes(2, [&](int c) {
    auto store = open();
    for (int i = 0; i < kPerProcess; ++i) {
      store->modify_state(id, [](const std::string& s) { return std::to_string(std::stoi(s) + 1); });
      store->insert_connector(NewConnector{"P", "c" + std::to_string(c) + "_" + std::to_string(i), "", "t", false,
                                           "connected", "{}", "{}"});
    }
  });
  auto store = open();
  EXPECT_EQ(store->find_by_id(id, true)->state_json, std::to_string(2 * kPerProcess));
  EXPECT_EQ(store->list_connectors("P").size(), static_cast<size_t>(2 * kPerProcess + 1));
}

// ---- one writer per connector ----

TEST_F(StoreTest, ALeaseExcludesEveryOtherHolderUntilReleased) {
  auto store = open();
  int64_t id = store->insert_connector(connector("Sales", "SF"));
  Lease first = *store->try_acquire_lease(id, "refresh");
  std::string holder;
  EXPECT_FALSE(store->try_acquire_lease(id, "reconfigure", Store::kLeaseTtlMs, &holder));
  EXPECT_EQ(holder, first.owner);
  EXPECT_EQ(describe_lease_owner(holder).rfind("console-host process " + std::to_string(::getpid()) + " on ", 0), 0u)
      << describe_lease_owner(holder);
  EXPECT_NE(describe_lease_owner(holder).find(" (refresh, since "), std::string::npos) << describe_lease_owner(holder);
  try {
    store->acquire_lease(id, "refresh", std::chrono::milliseconds(50));
    FAIL() << "a second holder got the lease";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ExitCode::kConflict);
    EXPECT_EQ(std::string(e.what()), "the connector is busy: " + describe_lease_owner(first.owner) + " is changing it");
  }
  store->release_lease(first);
  EXPECT_TRUE(store->try_acquire_lease(id, "refresh"));
}

// commit() and commit_and_release() make the same check and the same write;
// each test runs over both, and checks the lease as the path leaves it.
enum class CommitPath { kCommit, kCommitAndRelease };

class StoreCommitPathTest : public StoreTest, public ::testing::WithParamInterface<CommitPath> {
 protected:
  static void commit_via(Store& store, Lease& lease, const ConnectorChange& change) {
    if (GetParam() == CommitPath::kCommit) {
      store.commit(lease, change);
    } else {
      store.commit_and_release(lease, change);
    }
  }
  static bool releases() { return GetParam() == CommitPath::kCommitAndRelease; }
};

INSTANTIATE_TEST_SUITE_P(BothPaths, StoreCommitPathTest,
                         ::testing::Values(CommitPath::kCommit, CommitPath::kCommitAndRelease),
                         [](const ::testing::TestParamInfo<CommitPath>& i) {
                           return i.param == CommitPath::kCommit ? "commit" : "commit_and_release";
                         });

TEST_P(StoreCommitPathTest, AnExpiredLeaseIsTakenOverAndItsHolderCannotCommitOverTheNewWrite) {
  auto store = open();
  int64_t now = 1'000'000;
  store->set_lease_clock([&now] { return now; });
  int64_t id = store->insert_connector(connector("Sales", "SF"));
  Lease slow = *store->try_acquire_lease(id, "refresh", 1000);
  now += 1001;  // the slow holder stalled past its lease
  Lease fast = *store->try_acquire_lease(id, "refresh", 1000);
  EXPECT_FALSE(store->renew_lease(slow));
  ConnectorChange newer;
  newer.state_json = R"({"refresh_token":"newest"})";
  store->commit(fast, newer);
  ConnectorChange older;
  older.state_json = R"({"refresh_token":"stale"})";
  EXPECT_EQ(code_of([&] { commit_via(*store, slow, older); }), ExitCode::kConflict);
  auto rec = store->find_by_id(id, true);
  EXPECT_EQ(rec->state_json, R"({"refresh_token":"newest"})");
  EXPECT_EQ(rec->lease_owner, fast.owner);  // the refused holder did not give away the live one's lease
}

TEST_P(StoreCommitPathTest, ALostLeaseStillCommitsWhenNobodyWroteMeanwhile) {
  // The holder's new tokens are the only live ones: keeping them beats
  // refusing them because a lease ran out while nobody else wrote.
  auto store = open();
  int64_t now = 1'000'000;
  store->set_lease_clock([&now] { return now; });
  int64_t id = store->insert_connector(connector("Sales", "SF"));
  Lease slow = *store->try_acquire_lease(id, "refresh", 1000);
  now += 5000;
  ConnectorChange change;
  change.state_json = R"({"refresh_token":"rotated"})";
  commit_via(*store, slow, change);
  auto rec = store->find_by_id(id, true);
  EXPECT_EQ(rec->state_json, R"({"refresh_token":"rotated"})");
  // Nobody took the lease: commit() leaves it with its (expired) holder, commit_and_release() frees it.
  EXPECT_EQ(rec->lease_owner, releases() ? "" : slow.owner);
}

TEST_P(StoreCommitPathTest, ACommitToADeletedConnectorIsNotFound) {
  auto store = open();
  int64_t id = store->insert_connector(connector("Sales", "SF"));
  Lease lease = *store->try_acquire_lease(id, "refresh");
  store->delete_connector(id);
  ConnectorChange change;
  change.state_json = "{}";
  EXPECT_EQ(code_of([&] { commit_via(*store, lease, change); }), ExitCode::kNotFound);
}

TEST_F(StoreTest, ALeaseOfAProcessThatDiedIsFreeAtOnce) {
  int64_t id = open()->insert_connector(connector("Sales", "SF"));
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto store = open();
    store->try_acquire_lease(id, "reconfigure", 3'600'000);
    (void)::write(ready[1], "x", 1);
    ::pause();
    ::_exit(0);
  }
  char c;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  auto store = open();
  std::string holder;
  EXPECT_FALSE(store->try_acquire_lease(id, "refresh", Store::kLeaseTtlMs, &holder));
  EXPECT_TRUE(lease_owner_alive(holder));
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_FALSE(lease_owner_alive(holder));
  EXPECT_TRUE(store->try_acquire_lease(id, "refresh"));  // not an hour later
  ::close(ready[0]);
  ::close(ready[1]);
}

TEST_F(StoreTest, LeaseKeeperKeepsALeaseAliveBeyondItsLifetime) {
  auto store = open();
  int64_t id = store->insert_connector(connector("Sales", "SF"));
  // Renewed every 150 ms; three lifetimes later it is still held.
  Lease lease = *store->try_acquire_lease(id, "reconfigure", 450);
  {
    LeaseKeeper keep(*store, lease);
    std::this_thread::sleep_for(std::chrono::milliseconds(1350));
    EXPECT_FALSE(store->try_acquire_lease(id, "refresh"));
    EXPECT_FALSE(keep.lost());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_TRUE(store->try_acquire_lease(id, "refresh"));  // expired once nobody renewed it
}

int threads_of_this_process() {
  int n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

// refresh --all holds one lease per connector at a time on each worker, and
// serve one per open wizard: one renewal thread serves them all.
TEST_F(StoreTest, OneThreadRenewsEveryLeaseTheProcessHolds) {
  auto store = open();
  constexpr int kLeases = 50;
  // Long enough that 50 renewals a period fit on a loaded CI machine; the
  // waits below are multiples of it.
  constexpr int64_t kTtlMs = 600;
  std::vector<int64_t> ids;
  std::vector<std::unique_ptr<LeaseKeeper>> keepers;
  const int before = threads_of_this_process();
  for (int i = 0; i < kLeases; ++i) {
    ids.push_back(store->insert_connector(connector("P" + std::to_string(i), "SF")));
    keepers.push_back(std::make_unique<LeaseKeeper>(*store, *store->try_acquire_lease(ids.back(), "refresh", kTtlMs)));
  }
  EXPECT_LE(threads_of_this_process() - before, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(3 * kTtlMs));  // each renewed several times meanwhile
  for (int i = 0; i < kLeases; ++i) {
    EXPECT_FALSE(store->try_acquire_lease(ids[i], "refresh")) << "lease " << i << " expired while kept";
    EXPECT_FALSE(keepers[i]->lost());
  }
  keepers.clear();  // no renewal follows: each expires one lifetime after its last
  std::this_thread::sleep_for(std::chrono::milliseconds(kTtlMs + 300));
  for (int64_t id : ids) EXPECT_TRUE(store->try_acquire_lease(id, "refresh"));
}

TEST_F(StoreTest, AKeeperWhoseLeaseWasTakenOverSaysSo) {
  auto store = open();
  int64_t id = store->insert_connector(connector("Sales", "SF"));
  LeaseKeeper keep(*store, *store->try_acquire_lease(id, "reconfigure", 90));
  auto other = open();
  other->set_lease_clock([] {  // an hour on: the lease has expired
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
               .count() +
           3600 * 1000;
  });
  ASSERT_TRUE(other->try_acquire_lease(id, "refresh"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_TRUE(keep.lost());
}

// The refresh pattern over two processes: each takes the lease, reads the
// newest state, "rotates" its token (a number here) and commits. Without
// one writer, a loser would write an older token over a newer one.
TEST_F(StoreTest, TwoProcessesRotatingUnderTheLeaseNeverGoBackwards) {
  int64_t id = open()->insert_connector(NewConnector{"P", "rotating", "", "t", false, "connected", "{}", "0"});
  constexpr int kPerProcess = 100;
  in_processes(2, [&](int /*child*/) {
    auto store = open();
    for (int i = 0; i < kPerProcess; ++i) {
      Lease lease = store->acquire_lease(id, "refresh", std::chrono::seconds(20));
      const int seen = std::stoi(store->find_by_id(id, true)->state_json);
      ConnectorChange change;
      change.state_json = std::to_string(seen + 1);
      store->commit(lease, change);
      store->release_lease(lease);
    }
  });
  EXPECT_EQ(open()->find_by_id(id, true)->state_json, std::to_string(2 * kPerProcess));
}

TEST_F(StoreTest, TakingALeaseWithTheRowReadsTheNewestStateAndHolderInOneGo) {
  auto store = open();
  int64_t id = store->insert_connector(connector("Sales", "SF"));
  ConnectorChange change;
  change.state_json = R"({"refresh_token":"second"})";
  store->update_connector(id, change);
  ConnectorRecord rec;
  Lease lease = store->acquire_lease(id, "refresh", std::chrono::milliseconds(50), Store::kLeaseTtlMs, &rec);
  EXPECT_EQ(rec.id, id);
  EXPECT_EQ(rec.name, "SF");
  EXPECT_EQ(rec.state_json, R"({"refresh_token":"second"})");
  EXPECT_EQ(rec.version, lease.version);
  EXPECT_EQ(rec.lease_owner, lease.owner);
  EXPECT_EQ(store->find_by_id(id, false)->lease_owner, lease.owner);
  // A second holder sees the row but not its state, and gets no lease.
  ConnectorRecord other;
  std::string holder;
  EXPECT_FALSE(store->try_acquire_lease(id, "refresh", Store::kLeaseTtlMs, &holder, &other));
  EXPECT_EQ(holder, lease.owner);
  EXPECT_TRUE(other.state_json.empty());
}

TEST_F(StoreTest, TakingALeaseWithTheRowRefusesAPendingRowWithoutTakingIt) {
  auto store = open();
  Lease creating = store->reserve_connector(connector("Sales", "SF"), "create");
  ConnectorRecord rec;
  EXPECT_FALSE(store->try_acquire_lease(creating.connector_id, "refresh", Store::kLeaseTtlMs, nullptr, &rec));
  EXPECT_TRUE(rec.pending);
  EXPECT_EQ(store->find_by_id(creating.connector_id, false)->lease_owner, creating.owner);
  try {
    store->acquire_lease(creating.connector_id, "refresh", std::chrono::seconds(5), Store::kLeaseTtlMs, &rec);
    FAIL() << "a pending row was leased";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ExitCode::kNotFound);
    EXPECT_EQ(std::string(e.what()), "the connector is still being created");
  }
  store->abandon_reservation(creating);
  EXPECT_EQ(code_of([&] {
              store->acquire_lease(creating.connector_id, "refresh", std::chrono::seconds(5), Store::kLeaseTtlMs, &rec);
            }),
            ExitCode::kNotFound);
}

TEST_F(StoreTest, CommitAndReleaseWritesAndFreesTheLeaseInOneTransaction) {
  auto store = open();
  int64_t id = store->insert_connector(connector("Sales", "SF"));
  Lease lease = *store->try_acquire_lease(id, "refresh");
  const int64_t seen = lease.version;
  ConnectorChange change;
  change.state_json = R"({"refresh_token":"rotated"})";
  change.status = "connected";
  change.touch_last_used = true;
  store->commit_and_release(lease, change);
  auto rec = store->find_by_id(id, true);
  EXPECT_EQ(rec->state_json, R"({"refresh_token":"rotated"})");
  EXPECT_EQ(rec->version, seen + 1);
  EXPECT_EQ(lease.version, rec->version);
  EXPECT_EQ(rec->lease_owner, "");
  EXPECT_EQ(rec->lease_until_ms, 0);
  EXPECT_TRUE(store->try_acquire_lease(id, "refresh"));
}

// Commits that arrive while another write waits for SQLite are run in one
// transaction (group_commit.hpp); one refused among them must not fail or
// undo the others, nor be written.
TEST_F(StoreTest, CommitsBatchedInOneTransactionKeepEachOutcomeApart) {
  auto store = open();
  std::atomic<int64_t> now{1'000'000};
  store->set_lease_clock([&now] { return now.load(); });
  std::vector<int64_t> ids;
  for (int i = 0; i < 4; ++i)
    ids.push_back(store->insert_connector(connector("Sales", "c" + std::to_string(i), "salesforce", false)));
  // c3's lease is lost and its row rewritten by the holder that took it over.
  Lease lost = *store->try_acquire_lease(ids[3], "refresh", 1000);
  now += 1001;
  Lease taker = *store->try_acquire_lease(ids[3], "refresh", 1000);
  ConnectorChange newest;
  newest.state_json = R"({"refresh_token":"newest"})";
  store->commit(taker, newest);
  std::vector<Lease> leases;
  for (int i = 0; i < 3; ++i) leases.push_back(*store->try_acquire_lease(ids[i], "refresh", 60000));
  leases.push_back(lost);
  const GroupCommit::Counts before = store->group_commit_counts();

  // Another connection holds SQLite's write lock, so the first commit waits
  // in BEGIN while the other three queue behind it.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto commit = [&](int i) {
    return std::async(std::launch::async, [&, i] {
      ConnectorChange c;
      c.state_json = R"({"refresh_token":"rotated)" + std::to_string(i) + R"("})";
      return code_of([&] { store->commit_and_release(leases[i], c); });
    });
  };
  auto wait_until = [&](const std::function<bool(const GroupCommit::Counts&)>& pred) {
    for (int i = 0; i < 2000 && !pred(store->group_commit_counts()); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return pred(store->group_commit_counts());
  };
  std::vector<std::future<ExitCode>> outcomes;
  outcomes.push_back(commit(0));
  EXPECT_TRUE(wait_until([](const GroupCommit::Counts& c) { return c.leading && c.waiting == 0; }));
  for (int i = 1; i < 4; ++i) outcomes.push_back(commit(i));
  EXPECT_TRUE(wait_until([](const GroupCommit::Counts& c) { return c.waiting == 3; }));
  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);

  for (int i = 0; i < 3; ++i) EXPECT_EQ(outcomes[i].get(), ExitCode::kOk) << "c" << i;
  EXPECT_EQ(outcomes[3].get(), ExitCode::kConflict);
  const GroupCommit::Counts after = store->group_commit_counts();
  EXPECT_EQ(after.batches - before.batches, 2);  // the first alone, then the three queued behind it
  EXPECT_EQ(after.writes - before.writes, 4);
  for (int i = 0; i < 3; ++i) {
    auto rec = store->find_by_id(ids[i], true);
    EXPECT_EQ(rec->state_json, R"({"refresh_token":"rotated)" + std::to_string(i) + R"("})");
    EXPECT_EQ(rec->lease_owner, "");
  }
  auto rec = store->find_by_id(ids[3], true);
  EXPECT_EQ(rec->state_json, R"({"refresh_token":"newest"})");
  EXPECT_EQ(rec->lease_owner, taker.owner);
}

// The two paths (lease + find_by_id + commit + release, and lease-with-row +
// commit_and_release) racing in four processes: every increment survives.
TEST_F(StoreTest, FourProcessesRotatingOverBothLeasePathsNeverGoBackwards) {
  int64_t id = open()->insert_connector(NewConnector{"P", "rotating", "", "t", false, "connected", "{}", "0"});
  constexpr int kPerProcess = 60;
  constexpr int kProcesses = 4;
  in_processes(kProcesses, [&](int c) {
    auto store = open();
    for (int i = 0; i < kPerProcess; ++i) {
      ConnectorChange change;
      if (c % 2 == 0) {
        ConnectorRecord rec;
        Lease lease = store->acquire_lease(id, "refresh", std::chrono::seconds(30), Store::kLeaseTtlMs, &rec);
        change.state_json = std::to_string(std::stoi(rec.state_json) + 1);
        store->commit_and_release(lease, change);
      } else {
        Lease lease = store->acquire_lease(id, "refresh", std::chrono::seconds(30));
        change.state_json = std::to_string(std::stoi(store->find_by_id(id, true)->state_json) + 1);
        store->commit(lease, change);
        store->release_lease(lease);
      }
    }
  });
  auto rec = open()->find_by_id(id, true);
  EXPECT_EQ(rec->state_json, std::to_string(kProcesses * kPerProcess));
  EXPECT_EQ(rec->lease_owner, "");
}

// A deleter racing holders of the fast path: each holder either commits
// before the delete or is told the connector is gone; none writes the row
// back, and nothing throws anything else.
TEST_F(StoreTest, DeletesRacingTheLeaseFastPathLeaveNoRowBehind) {
  for (int trial = 0; trial < 10; ++trial) {
    int64_t id = open()->insert_connector(
        NewConnector{"P", "c" + std::to_string(trial), "", "t", false, "connected", "{}", "0"});
    in_processes(3, [&](int c) {
      try {
        auto store = open();
        if (c == 0) {
          Lease lease = store->acquire_lease(id, "delete", std::chrono::seconds(30));
          store->delete_leased(lease);
        } else {
          for (int i = 0; i < 20; ++i) {
            ConnectorRecord rec;
            Lease lease = store->acquire_lease(id, "refresh", std::chrono::seconds(30), Store::kLeaseTtlMs, &rec);
            ConnectorChange change;
            change.state_json = std::to_string(std::stoi(rec.state_json) + 1);
            store->commit_and_release(lease, change);
          }
        }
      } catch (const HostError& e) {
        if (e.code() != ExitCode::kNotFound) throw;  // told it is gone: an accepted outcome
      }
    });
    EXPECT_FALSE(open()->find_by_id(id, false)) << "trial " << trial;
  }
}

// ---- what a plugin's document asks the host to persist ----

std::optional<std::string> normalised(const std::optional<std::string>& json) {
  if (!json) return std::nullopt;
  rapidjson::Document d;
  if (!try_parse_json(d, *json)) return "not JSON: " + *json;
  return to_json(d);
}

TEST(PluginDocumentChange, ReadsWhatAParsedDocumentReadsForEveryShape) {
  const std::vector<std::string> documents = {
      R"({"schema_version":1,"connector_status":"connected","state":{"a":"x","n":[1,{"b":2}]},"summary":{"s":"t"},)"
      R"("display":[{"kind":"check","state":{"no":1}}]})",
      R"(  { "state" : { "a" : "\u00e9\n" } , "connector_status" : "" }  )",
      R"({"state":"not an object","summary":[1],"connector_status":7})",
      R"({"state":{"first":1},"state":{"second":2},"connector_status":"a","connector_status":"b"})",
      R"({"nested":{"state":{"x":1},"summary":{},"connector_status":"no"}})",
      R"({"code":"auth_required","message":"m","detail":{"state":{"t":1},"connector_status":"connected"}})",
      R"({"code":"auth_required","detail":{"state":{"t":1}},"state":{"root":1}})",
      R"({"code":"auth_required","detail":"text","connector_status":"connected"})",
      R"({"code":7,"code":"auth_required","detail":{}})",
      R"({"detail":{"summary":{"x":{"y":{}}}},"detail":{"state":{"late":1}}})",
      R"({"detail":{"inner":{"state":{"deep":1}}},"code":"other"})",
      R"({"state":{},"summary":{}})",
      R"([{"state":{"x":1}}])",
      R"("text")",
      R"({"state":{"x":1})",
      R"({"state":{"x":1}} trailing)",
      "",
      "{}",
  };
  for (const std::string& doc : documents) {
    for (bool is_error : {false, true}) {
      const ConnectorChange scanned = change_from_plugin_document(doc, is_error);
      const ConnectorChange parsed = change_by_parsing(doc, is_error);
      EXPECT_EQ(normalised(scanned.state_json), parsed.state_json) << doc << " error=" << is_error;
      EXPECT_EQ(normalised(scanned.summary_json), parsed.summary_json) << doc << " error=" << is_error;
      EXPECT_EQ(scanned.status, parsed.status) << doc << " error=" << is_error;
    }
  }
}

TEST(PluginDocumentChange, TheDepthBoundIsTheParsedDocumentsToTheLevel) {
  for (int levels : {63, 64, 65}) {  // the document's own level included
    std::string doc = R"({"state":)";
    for (int i = 2; i < levels; ++i) doc += R"({"a":)";
    doc += "{}";
    for (int i = 2; i < levels; ++i) doc += "}";
    doc += "}";
    const ConnectorChange scanned = change_from_plugin_document(doc, false);
    EXPECT_EQ(normalised(scanned.state_json), change_by_parsing(doc, false).state_json) << levels;
    EXPECT_EQ(scanned.state_json.has_value(), levels <= 64) << levels;
  }
}

TEST(PluginDocumentChange, KeepsThePluginsTextOfTheState) {
  const ConnectorChange c = change_from_plugin_document(R"({"state": {"refresh_token": "r1"}, "x": 1})", false);
  EXPECT_EQ(c.state_json, R"({"refresh_token": "r1"})");
}

TEST(PluginDocumentChange, ADocumentNestedTooDeeplyChangesNothing) {
  std::string deep = R"({"state":)";
  for (int i = 0; i < 200; ++i) deep += R"({"a":)";
  deep += "1";
  for (int i = 0; i < 200; ++i) deep += "}";
  deep += "}";
  const ConnectorChange c = change_from_plugin_document(deep, false);
  EXPECT_FALSE(c.state_json);
  EXPECT_FALSE(c.status);
}

// ---- reservations ----

TEST_F(StoreTest, AReservationHoldsTheNameAndTheSingletonSlot) {
  auto store = open();
  Lease r = store->reserve_connector(connector("Sales", "SF"), "create");
  auto row = store->find_connector("Sales", "SF", false);
  ASSERT_TRUE(row);
  EXPECT_TRUE(row->pending);
  EXPECT_EQ(row->status, "creating");
  EXPECT_TRUE(store->lease_live(*row));
  for (const char* name : {"SF", "Other name"}) {
    try {
      store->reserve_connector(connector("Sales", name), "create");
      FAIL() << name;
    } catch (const HostError& e) {
      EXPECT_EQ(e.code(), ExitCode::kConflict);
      EXPECT_EQ(std::string(e.what()),
                "project \"Sales\" already has a connector \"SF\" of this type being created by " +
                    describe_lease_owner(r.owner));
    }
  }
  store->complete_reservation(r, "connected", R"({"org":"00D"})", R"({"refresh_token":"x"})");
  store->release_lease(r);
  auto done = store->find_connector("Sales", "SF", true);
  EXPECT_FALSE(done->pending);
  EXPECT_EQ(done->status, "connected");
  EXPECT_EQ(done->state_json, R"({"refresh_token":"x"})");
  try {
    store->reserve_connector(connector("Sales", "SF2"), "create");
    FAIL();
  } catch (const HostError& e) {
    EXPECT_STREQ(e.what(), "project \"Sales\" already has a connector of type salesforce; a project holds at most one");
  }
}

TEST_F(StoreTest, AnAbandonedReservationIsListedAndReplacedByTheNextCreate) {
  auto store = open();
  int64_t now = 1'000'000;
  store->set_lease_clock([&now] { return now; });
  Lease gone = store->reserve_connector(connector("Sales", "SF"), "create", 1000);
  now += 1001;
  auto listed = store->list_connectors("Sales");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed[0].pending);
  EXPECT_FALSE(store->lease_live(listed[0]));
  Lease next = store->reserve_connector(connector("Sales", "SF new"), "create");
  auto after = store->list_connectors("Sales");
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].name, "SF new");
  // The first creator, back from its stall, cannot complete over the new one.
  EXPECT_EQ(code_of([&] { store->complete_reservation(gone, "connected", "{}", "{}"); }), ExitCode::kConflict);
  store->abandon_reservation(next);
  EXPECT_TRUE(store->list_connectors().empty());
  EXPECT_TRUE(store->list_projects().empty());
}

TEST_F(StoreTest, TwoProcessesReservingOneSlotAtOnceGetOneReservation) {
  constexpr int kTrials = 20;
  for (int trial = 0; trial < kTrials; ++trial) {
    const std::string project = "P" + std::to_string(trial);
    int go[2], done[2], release[2];
    ASSERT_EQ(::pipe(go), 0);
    ASSERT_EQ(::pipe(done), 0);
    ASSERT_EQ(::pipe(release), 0);
    pid_t children[2];
    for (int c = 0; c < 2; ++c) {
      children[c] = ::fork();
      ASSERT_GE(children[c], 0);
      if (children[c] == 0) {
        ::close(go[1]);
        ::close(release[1]);
        char x;
        (void)::read(go[0], &x, 1);
        char rc = 0;
        try {
          auto store = open();
          store->reserve_connector(connector(project, "SF" + std::to_string(c)), "create", 3'600'000);
        } catch (const HostError& e) {
          rc = e.code() == ExitCode::kConflict ? 5 : 1;
        }
        (void)::write(done[1], &rc, 1);
        (void)::read(release[0], &x, 1);  // stay alive: a dead creator's reservation is free
        ::_exit(0);
      }
    }
    ::close(go[0]);
    ::close(go[1]);  // both start now
    int sum = 0;
    for (int c = 0; c < 2; ++c) {
      char rc = -1;
      ASSERT_EQ(::read(done[0], &rc, 1), 1);
      sum += rc;
    }
    EXPECT_EQ(open()->list_connectors(project).size(), 1u);
    ::close(release[0]);
    ::close(release[1]);
    for (pid_t pid : children) ::waitpid(pid, nullptr, 0);
    ::close(done[0]);
    ::close(done[1]);
    EXPECT_EQ(sum, 5) << "trial " << trial << ": one reservation and one conflict";
  }
}

// ---- store safety ----

TEST_F(StoreTest, StoreWalAndKeyFilesArePrivate) {
  const mode_t old = ::umask(022);
  auto store = std::make_unique<Store>(path_, open_store_key(path_), [] { return int64_t{1000}; });
  store->insert_connector(connector("Sales", "SF"));
  ::umask(old);
  for (const std::string& f : {path_, path_ + "-wal", path_ + "-shm", key_path_for_store(path_)}) {
    struct stat st {};
    ASSERT_EQ(::stat(f.c_str(), &st), 0) << f;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << f;
  }
}

TEST_F(StoreTest, AStoreWithSealedStatesAndNoKeyFileIsRefusedAndNoKeyIsMade) {
  open()->insert_connector(connector("Sales", "SF"));
  const std::string key = key_path_for_store(path_);
  std::filesystem::remove(key);
  try {
    open_store_key(path_);
    FAIL() << "a new key was made";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ExitCode::kStore);
    EXPECT_EQ(std::string(e.what()),
              "the key file " + key + " is missing, and the store " + path_ +
                  " holds 1 sealed connector state that only that key opens; no new key was made");
    EXPECT_EQ(e.hint(),
              "restore " + key + " from where the store came from (a store copied without its key cannot be read)");
  }
  EXPECT_FALSE(std::filesystem::exists(key));
}

// Makes a file read-only even for root (who ignores modes): the immutable
// attribute. Returns false where neither works.
bool make_read_only(const std::string& path, bool on) {
  if (::geteuid() != 0) return ::chmod(path.c_str(), on ? 0400 : 0600) == 0;
  return std::system(("chattr " + std::string(on ? "+i " : "-i ") + "'" + path + "' 2>/dev/null").c_str()) == 0;
}

TEST_F(StoreTest, AReadOnlyStoreCanBeListedButNotLeasedOrReserved) {
  int64_t id = open()->insert_connector(connector("Sales", "SF"));
  if (!make_read_only(path_, true)) GTEST_SKIP() << "cannot make a file read-only here";
  try {
    auto ro = open();
    EXPECT_EQ(ro->list_connectors().size(), 1u);
    for (const auto& attempt :
         std::vector<std::function<void()>>{[&] { ro->try_acquire_lease(id, "refresh"); },
                                            [&] { ro->reserve_connector(connector("Other", "SF"), "create"); }}) {
      try {
        attempt();
        ADD_FAILURE() << "a read-only store was written";
      } catch (const HostError& e) {
        EXPECT_EQ(e.code(), ExitCode::kStore);
        EXPECT_EQ(std::string(e.what()), "the store " + path_ + " cannot be written (it is read-only)");
        EXPECT_EQ(e.hint(), "check the permissions of the store and its folder");
      }
    }
  } catch (const std::exception& e) {
    ADD_FAILURE() << e.what();
  }
  make_read_only(path_, false);
}

}  // namespace
}  // namespace console_host
