// The store: constraints, migrations, sealed state, and two processes
// writing at once.
#include "store/store.hpp"

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "host_error.hpp"
#include "store/data_paths.hpp"

namespace console_host {
namespace {

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
  static NewConnector connector(const std::string& project, const std::string& name, const std::string& type = "salesforce",
                                bool singleton = true) {
    return NewConnector{project, name, "", type, singleton, "connected", R"({"org":"00D"})",
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
  std::string sql = "UPDATE connectors SET state_sealed = (SELECT state_sealed FROM connectors WHERE id = " +
                    std::to_string(a) + ") WHERE id = " + std::to_string(b);
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

TEST_F(StoreTest, TwoProcessesWritingAtOnceLoseNoUpdate) {
  int64_t id = open()->insert_connector(NewConnector{"P", "counter", "", "t", false, "connected", "{}", "0"});
  constexpr int kPerProcess = 150;
  pid_t children[2];
  for (int c = 0; c < 2; ++c) {
    children[c] = ::fork();
    ASSERT_GE(children[c], 0);
    if (children[c] == 0) {
      int rc = 0;
      try {
        auto store = open();
        for (int i = 0; i < kPerProcess; ++i) {
          store->modify_state(id, [](const std::string& s) { return std::to_string(std::stoi(s) + 1); });
          store->insert_connector(NewConnector{"P", "c" + std::to_string(c) + "_" + std::to_string(i), "", "t", false,
                                               "connected", "{}", "{}"});
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "child %d: %s\n", c, e.what());
        rc = 1;
      }
      ::_exit(rc);
    }
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  auto store = open();
  EXPECT_EQ(store->find_by_id(id, true)->state_json, std::to_string(2 * kPerProcess));
  EXPECT_EQ(store->list_connectors("P").size(), static_cast<size_t>(2 * kPerProcess + 1));
}

}  // namespace
}  // namespace console_host
