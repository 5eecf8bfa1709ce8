// End-to-end, under sharing: several console-host processes on one store,
// several projects on one org, one connector user behind several
// connectors, runs that fail part-way. Every test asserts the org as sfsim
// holds it (/__sim/state) and the store afterwards.
#include <sqlite3.h>

#include <map>
#include <sstream>

#include "e2e_support.h"
#include "store/store.hpp"

namespace {

using namespace e2e;
namespace fs = std::filesystem;

class SharingE2E : public HostE2E {
 protected:
  std::string store_path() const { return (dir_ / "console.db").string(); }

  rapidjson::Document state() {
    rapidjson::Document d;
    d.Parse(sim_get("/__sim/state").c_str());
    return d;
  }
  int tokens_of(const std::string& username) {
    auto s = state();
    const auto& by = s["tokens"]["refresh_by_user"];
    return by.HasMember(username.c_str()) ? by[username.c_str()].GetInt() : 0;
  }
  int calls(const std::string& endpoint) {
    auto s = state();
    const auto& by = s["calls"]["by_endpoint"];
    return by.HasMember(endpoint.c_str()) ? by[endpoint.c_str()].GetInt() : 0;
  }
  // The connector's stored refresh token, read the way the host reads it.
  std::string stored_refresh_token(const std::string& project, const std::string& name) {
    console_host::Store store(store_path(), console_host::open_store_key(store_path()), [] { return int64_t{0}; });
    auto c = store.find_connector(project, name, true);
    if (!c) return {};
    rapidjson::Document d;
    d.Parse(c->state_json.c_str());
    return d.IsObject() && d.HasMember("refresh_token") ? d["refresh_token"].GetString() : "";
  }
  bool refresh_token_active(const std::string& token) {
    const std::string out =
        sh("curl -sS -d " +
           shell_quote("token=" + token +
                       "&client_id=3MVG9SIMULATOR0SmartFlowsConsumerKey&client_secret=sim-consumer-secret") +
           " " + shell_quote(g_sim_url + "/services/oauth2/introspect"))
            .out;
    return contains(out, "\"active\":true");
  }
  // Runs `commands` (one shell command line each) at once; their exit codes.
  std::vector<int> at_once(const std::vector<std::string>& commands) {
    std::string script;
    for (size_t i = 0; i < commands.size(); ++i)
      script += "(" + commands[i] + " </dev/null >" + shell_quote((dir_ / ("out" + std::to_string(i))).string()) +
                " 2>&1; echo $? >" + shell_quote((dir_ / ("rc" + std::to_string(i))).string()) + ") & ";
    sh(script + "wait");
    std::vector<int> codes;
    for (size_t i = 0; i < commands.size(); ++i) {
      std::ifstream in(dir_ / ("rc" + std::to_string(i)));
      int rc = -1;
      in >> rc;
      codes.push_back(rc);
      std::ifstream out(dir_ / ("out" + std::to_string(i)));
      std::stringstream ss;
      ss << out.rdbuf();
      outputs_.push_back(ss.str());
      g_all_output += ss.str();
    }
    return codes;
  }
  std::string cmd(const std::string& args, const std::string& extra_env = "") const {
    return env(extra_env) + shell_quote(CONSOLE_HOST_BIN) + " " + args;
  }
  bool button_anywhere() {
    auto s = state();
    for (const auto& w : s["weblinks"].GetObject())
      if (contains(w.name.GetString(), ".Smart_Flows")) return true;
    for (const auto& l : s["layouts"].GetObject())
      if (contains(to_string(l.value), "Smart_Flows")) return true;
    return false;
  }
  static std::string to_string(const rapidjson::Value& v) {
    rapidjson::StringBuffer b;
    rapidjson::Writer<rapidjson::StringBuffer> w(b);
    v.Accept(w);
    return b.GetString();
  }
  std::string integrity() {
    sqlite3* db = nullptr;
    std::string result;
    if (sqlite3_open_v2(store_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW)
        result = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return result;
  }

  std::vector<std::string> outputs_;
};

// ---- token hygiene ----

TEST_F(SharingE2E, TwentyWizardRunsFiveFailedCreatesAndFiveCreateDeleteCyclesLeaveTheLiveConnectorRefreshing) {
  const std::string admin = "admin@simorg.example";
  ASSERT_EQ(host("connector create --project Live --name SF " + custom("skip")).rc, 0);
  ASSERT_EQ(tokens_of(admin), 1);
  int most = 1;
  auto check = [&](const std::string& what, int holders) {
    const int n = tokens_of(admin);
    most = std::max(most, n);
    EXPECT_LE(n, holders) << what << ": " << n << " active refresh tokens for " << holders << " connectors";
  };
  // 20 wizard runs on the live connector: sign-ins that replace its token,
  // dry runs, and wizards the admin stopped after signing in.
  for (int i = 0; i < 20; ++i) {
    const std::string label = "run " + std::to_string(i);
    switch (i % 4) {
      case 0:
        EXPECT_EQ(host("connector reconfigure --project Live SF " + custom("skip")).rc, 0) << label;
        break;
      case 1:
        EXPECT_EQ(host("connector reauthorize --project Live SF " + custom("skip")).rc, 0) << label;
        break;
      case 2: {
        Result r = host("connector reconfigure --project Live SF " + custom("skip") + " --dry-run");
        EXPECT_EQ(r.rc, 0) << label << r.out;
        EXPECT_TRUE(contains(r.out, "Dry run")) << r.out;
        break;
      }
      case 3: {
        Pty t(env() + "exec " + shell_quote(CONSOLE_HOST_BIN) + " connector reconfigure --project Live SF " +
              custom("skip"));
        ASSERT_TRUE(t.expect("Press Enter to")) << t.seen();
        t.send("");
        ASSERT_TRUE(t.expect("Continue? [Y/n]: ")) << t.seen();  // signed in by now
        t.send("n");
        EXPECT_EQ(t.wait(), 11) << t.seen();
        g_all_output += t.seen();
        break;
      }
    }
    check(label, 1);
  }
  EXPECT_EQ(host("connector refresh --project Live SF").rc, 0);
  // 5 creates that fail after signing in (the object does not exist).
  for (int i = 0; i < 5; ++i) {
    Result r = host("connector create --project Failed" + std::to_string(i) + " --name SF " +
                    custom("install", "Nonexistent__c"));
    EXPECT_EQ(r.rc, 3) << r.out;
    check("failed create " + std::to_string(i), 1);
  }
  // 5 connectors created and deleted.
  for (int i = 0; i < 5; ++i) {
    const std::string p = "Cycle" + std::to_string(i);
    ASSERT_EQ(host("connector create --project " + p + " --name SF " + custom("skip")).rc, 0);
    check("cycle create " + std::to_string(i), 2);
    Result d = host("connector delete --project " + p + " SF --yes");
    EXPECT_EQ(d.rc, 0) << d.out;
    check("cycle delete " + std::to_string(i), 1);
  }
  Result live = host("connector refresh --project Live SF");
  EXPECT_EQ(live.rc, 0) << live.out;
  EXPECT_EQ(tokens_of(admin), 1);
  std::printf("[tokens] most active refresh tokens of the connector user during 30 runs: %d\n", most);
}

TEST_F(SharingE2E, DeleteRevokesTheDeletedConnectorsRefreshToken) {
  ASSERT_EQ(host("connector create --project Sales --name SF " + custom("skip")).rc, 0);
  const std::string token = stored_refresh_token("Sales", "SF");
  ASSERT_FALSE(token.empty());
  EXPECT_TRUE(refresh_token_active(token));
  Result d = host("connector delete --project Sales SF --yes --json");
  EXPECT_EQ(d.rc, 0) << d.out;
  EXPECT_TRUE(contains(d.out, "\"revoked\": true")) << d.out;
  EXPECT_FALSE(refresh_token_active(token));
  EXPECT_EQ(tokens_of("admin@simorg.example"), 0);
}

TEST_F(SharingE2E, ARevokeThatFailsIsReportedAndDoesNotKeepTheConnector) {
  ASSERT_EQ(host("connector create --project Sales --name SF " + custom("skip")).rc, 0);
  sim_post("/__sim/faults", R"({"path_prefix":"/services/oauth2/revoke","count":3,"status":503})");
  Result d = host("connector delete --project Sales SF --yes");
  EXPECT_EQ(d.rc, 0) << d.out;
  EXPECT_TRUE(contains(d.out,
                       "warning: the connector's authorization could not be revoked: Salesforce did not "
                       "revoke the connector's refresh token (HTTP 503). Revoke it in the remote system (for "
                       "Salesforce: Setup > Connected Apps OAuth Usage)."))
      << d.out;
  EXPECT_TRUE(contains(host("connector list").out, "No connectors"));
}

// ---- one writer per connector ----

TEST_F(SharingE2E, TwentyTrialsOfTwoConcurrentRefreshesWithRotationLeaveNoDeadConnector) {
  ASSERT_EQ(host("connector create --project Sales --name SF " + custom("skip")).rc, 0);
  sim_post("/__sim/settings", R"({"refresh_rotation":true})");
  int dead = 0, failed = 0;
  for (int trial = 0; trial < 20; ++trial) {
    outputs_.clear();
    auto codes = at_once({cmd("connector refresh --project Sales SF"), cmd("connector refresh --project Sales SF")});
    for (size_t i = 0; i < codes.size(); ++i) {
      if (codes[i] != 0) ++failed;
      EXPECT_EQ(codes[i], 0) << "trial " << trial << ": " << outputs_[i];
    }
    if (contains(host("connector show --project Sales SF").out, "re-authorization needed")) ++dead;
  }
  std::printf("[one writer] 20 trials of 2 concurrent refreshes with rotation: %d dead, %d failed refreshes\n", dead,
              failed);
  EXPECT_EQ(dead, 0);
  EXPECT_EQ(host("connector refresh --project Sales SF").rc, 0);
  EXPECT_EQ(tokens_of("admin@simorg.example"), 1);
}

TEST_F(SharingE2E, TwoHundredMixedOperationsOverEightProcessesLeaveNoDeadConnector) {
  constexpr int kConnectors = 10;
  for (int k = 1; k <= kConnectors; ++k) {
    Result r = host("connector create --project P" + std::to_string(k) + " --name SF " + custom("skip"),
                    "SIM_USERNAME=fleet" + std::to_string(k) + "@simorg.example");
    ASSERT_EQ(r.rc, 0) << r.out;
  }
  sim_post("/__sim/settings", R"({"refresh_rotation":true})");
  // 200 operations of the kinds a console runs: refreshes (by a person and
  // by a scheduler), sign-ins again, views, and refresh --all.
  // Sign-ins take one of the four extra registered callback ports, one
  // process per port at a time (flock), as separate consoles would.
  std::ofstream ops(dir_ / "ops");
  for (int i = 0; i < 200; ++i) {
    const int k = 1 + (i * 7) % kConnectors;
    const std::string user = "SIM_USERNAME=fleet" + std::to_string(k) + "@simorg.example";
    const std::string p = "--project P" + std::to_string(k) + " SF";
    const int lane = i % 4;
    const std::string signin = "flock " + shell_quote((dir_ / ("lane" + std::to_string(lane))).string()) + " env ";
    const std::string port = " --callback-port " + std::to_string(g_lane_ports[lane]);
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        ops << cmd("connector refresh " + p);
        break;
      case 4:
        ops << signin << cmd("connector reconfigure " + p + " " + custom("skip") + port, user);
        break;
      case 5:
        ops << signin << cmd("connector reauthorize " + p + " " + custom("skip") + port, user);
        break;
      case 6:
        ops << cmd("connector show " + p);
        break;
      case 7:
        ops << cmd("connector list");
        break;
      case 8:
        ops << cmd("connector refresh --all --jobs 4");
        break;
      case 9:
        ops << cmd("connector refresh " + p + " --json");
        break;
    }
    ops << " >/dev/null 2>>" << shell_quote((dir_ / "errors").string()) << "; echo $?\n";
  }
  ops.close();
  Result run = sh("xargs -P 8 -I{} sh -c {} < " + shell_quote((dir_ / "ops").string()) + " | sort | uniq -c");
  std::map<int, int> by_code;
  std::istringstream lines(run.out);
  for (int n, code; lines >> n >> code;) by_code[code] += n;
  std::ifstream err(dir_ / "errors");
  std::stringstream errors;
  errors << err.rdbuf();
  g_all_output += errors.str();
  std::string histogram;
  for (const auto& [code, n] : by_code) histogram += " exit " + std::to_string(code) + ": " + std::to_string(n) + ";";
  EXPECT_EQ(by_code[1], 0) << histogram << "\n" << errors.str();
  EXPECT_EQ(by_code[0], 200) << histogram << "\n" << errors.str();
  int dead = 0;
  for (int k = 1; k <= kConnectors; ++k) {
    Result r = host("connector refresh --project P" + std::to_string(k) + " SF");
    if (r.rc != 0) ++dead;
    EXPECT_EQ(tokens_of("fleet" + std::to_string(k) + "@simorg.example"), 1) << k;
  }
  std::printf("[one writer] 200 mixed operations over 8 processes:%s %d of %d connectors dead\n", histogram.c_str(),
              dead, kConnectors);
  EXPECT_EQ(dead, 0);
  EXPECT_EQ(integrity(), "ok");
}

TEST_F(SharingE2E, AReconfigureRacingARefreshLeavesTheOrgAndTheStoreAgreeing) {
  ASSERT_EQ(host("connector create --project Sales --name SF " + custom("install", "Account")).rc, 0);
  sim_post("/__sim/settings", R"({"refresh_rotation":true})");
  const char* objects[] = {"Contact", "Account", "Contact", "Account"};
  for (const char* object : objects) {
    SCOPED_TRACE(object);
    outputs_.clear();
    auto codes = at_once({cmd("connector reconfigure --project Sales SF " + custom("install", object)),
                          cmd("connector refresh --project Sales SF")});
    EXPECT_EQ(codes[0], 0) << outputs_[0];
    EXPECT_EQ(codes[1], 0) << outputs_[1];
    auto s = state();
    for (const char* o : {"Account", "Contact"}) {
      const bool here = std::string(o) == object;
      EXPECT_EQ(s["weblinks"].HasMember((std::string(o) + ".Smart_Flows").c_str()), here) << o;
    }
    Result show = host("connector show --project Sales SF --json");
    EXPECT_TRUE(contains(show.out, std::string("\"object\": \"") + object + "\"")) << show.out;
    EXPECT_TRUE(contains(show.out, std::string(object) + ".Smart_Flows on ")) << show.out;
    EXPECT_TRUE(contains(show.out, "\"status\": \"connected\"")) << show.out;
  }
  EXPECT_EQ(host("connector refresh --project Sales SF").rc, 0);
}

TEST_F(SharingE2E, ADryRunThatRenewedTheStoredAuthorizationUnderRotationKeepsTheRenewedToken) {
  ASSERT_EQ(host("connector create --project Sales --name SF " + custom("install", "Account")).rc, 0);
  const std::string before = stored_refresh_token("Sales", "SF");
  sim_post("/__sim/settings", R"({"refresh_rotation":true})");
  sim_post("/__sim/sessions/expire", "{}");  // the dry run must renew, and the old token dies
  Result dry = host("connector reconfigure --project Sales SF " + custom("install", "Contact") + " --dry-run");
  EXPECT_EQ(dry.rc, 0) << dry.out;
  const std::string after = stored_refresh_token("Sales", "SF");
  EXPECT_NE(after, before);
  EXPECT_FALSE(refresh_token_active(before));
  EXPECT_TRUE(refresh_token_active(after));
  EXPECT_FALSE(state()["weblinks"].HasMember("Contact.Smart_Flows"));
  EXPECT_EQ(host("connector refresh --project Sales SF").rc, 0);
  EXPECT_EQ(tokens_of("admin@simorg.example"), 1);
}

// ---- reserve before changing the org ----

TEST_F(SharingE2E, OfTwoConcurrentCreatesInOneProjectOneFailsBeforeSignInAndTheOrgChangesOnce) {
  const char* objects[] = {"Account", "Contact", "Lead", "Opportunity", "Case"};
  int trial = 0;
  for (const char* object : objects) {
    SCOPED_TRACE(object);
    outputs_.clear();
    const fs::path urls = dir_ / ("urls" + std::to_string(trial));
    const std::string project = "--project T" + std::to_string(trial++);
    sim_post("/__sim/calls/reset", "{}");
    auto codes = at_once({cmd("connector create " + project + " --name One " + custom("install", object),
                              "SIM_URL_LOG=" + shell_quote(urls.string())),
                          cmd("connector create " + project + " --name Two " + custom("install", object),
                              "SIM_URL_LOG=" + shell_quote(urls.string()))});
    ASSERT_EQ(codes.size(), 2u);
    EXPECT_EQ(std::min(codes[0], codes[1]), 0) << outputs_[0] << outputs_[1];
    EXPECT_EQ(std::max(codes[0], codes[1]), 5) << outputs_[0] << outputs_[1];
    const std::string& loser = codes[0] == 5 ? outputs_[0] : outputs_[1];
    EXPECT_FALSE(contains(loser, "Waiting for the sign-in")) << loser;
    EXPECT_TRUE(contains(loser, "being created by console-host process ") ||
                contains(loser, "already has a Salesforce connector"))
        << loser;
    std::ifstream in(urls);
    int signins = 0;
    for (std::string line; std::getline(in, line);) ++signins;
    EXPECT_EQ(signins, 1);
    EXPECT_EQ(calls("oauth.token"), 1);
    EXPECT_EQ(calls("soap.upsertMetadata"), 2);  // the button once, its layouts once
  }
}

// ---- the store reflects the org after every failure ----

TEST_F(SharingE2E, AFaultAtEachRequestOfAMoveThenDeleteUninstallLeavesNoButtonAnywhere) {
  // With the stored authorization: composite, listMetadata, readMetadata
  // (layouts), upsertMetadata (new button), upsertMetadata (layouts),
  // deleteMetadata (old button).
  constexpr int kRequests = 6;
  for (int k = 0; k < kRequests; ++k) {
    SCOPED_TRACE("fault at request " + std::to_string(k + 1));
    const std::string p = "Move" + std::to_string(k);
    ASSERT_EQ(host("connector create --project " + p + " --name SF " + custom("install", "Account")).rc, 0);
    sim_post("/__sim/faults",
             "{\"path_prefix\":\"/services/\",\"skip\":" + std::to_string(k) + ",\"count\":1,\"status\":403}");
    Result move = host("connector reconfigure --project " + p + " SF " + custom("install", "Contact"));
    EXPECT_EQ(move.rc, 9) << move.out;
    sim_post("/__sim/faults", "{}");
    sh("curl -sS -X DELETE " + shell_quote(g_sim_url + "/__sim/faults"));
    Result show = host("connector show --project " + p + " SF");
    auto s = state();
    // `show` names every object that has the button now.
    for (const char* o : {"Account", "Contact"}) {
      if (s["weblinks"].HasMember((std::string(o) + ".Smart_Flows").c_str())) {
        EXPECT_TRUE(contains(show.out, std::string(o) + ".Smart_Flows on ")) << show.out;
      }
    }
    Result del = host("connector delete --project " + p + " SF --uninstall --yes");
    EXPECT_EQ(del.rc, 0) << del.out;
    EXPECT_FALSE(button_anywhere()) << sim_get("/__sim/state");
  }
}

// ---- button ownership ----

TEST_F(SharingE2E, TwoProjectsOnOneOrgNeverTakeEachOthersButton) {
  ASSERT_EQ(host("connector create --project X --name SF " + custom("install", "Account")).rc, 0);
  const std::string before = to_string(state()["layouts"]["Account-Account Layout"]);
  Result y = host("connector create --project Y --name SF " + custom("install", "Lead"));
  ASSERT_EQ(y.rc, 0) << y.out;
  EXPECT_TRUE(
      contains(y.out, "The Smart Flows button on Account belongs to Smart Flows project \"X\" and is left as it is."))
      << y.out;
  Result y_on_x = host("connector reconfigure --project Y SF " + custom("install", "Account"));
  EXPECT_EQ(y_on_x.rc, 3) << y_on_x.out;
  EXPECT_TRUE(contains(y_on_x.out,
                       "The Smart Flows button on Account (Account.Smart_Flows) belongs to another Smart "
                       "Flows project, \"X\", that shares this org"))
      << y_on_x.out;
  EXPECT_EQ(host("connector delete --project Y SF --uninstall --yes").rc, 0);
  auto s = state();
  EXPECT_EQ(to_string(s["layouts"]["Account-Account Layout"]), before);
  EXPECT_TRUE(s["weblinks"].HasMember("Account.Smart_Flows"));
  EXPECT_FALSE(s["weblinks"].HasMember("Lead.Smart_Flows"));
  Result x = host("connector show --project X SF");
  EXPECT_TRUE(contains(x.out, "Account.Smart_Flows on 2 page layouts")) << x.out;
}

// ---- store safety ----

TEST_F(SharingE2E, AReadOnlyStoreIsRefusedBeforeAnyTokenIsSpent) {
  ASSERT_EQ(host("connector create --project Sales --name SF " + custom("skip")).rc, 0);
  const bool root = ::geteuid() == 0;
  const std::string lock = root ? "chattr +i " : "chmod 0400 ";
  const std::string unlock = root ? "chattr -i " : "chmod 0600 ";
  if (sh(lock + shell_quote(store_path())).rc != 0) GTEST_SKIP() << "cannot make the store read-only here";
  sim_post("/__sim/calls/reset", "{}");
  Result list = host("connector list");
  Result refresh = host("connector refresh --project Sales SF");
  Result reconf = host("connector reconfigure --project Sales SF " + custom("skip"));
  Result all = host("connector refresh --all");
  Result create = host("connector create --project Other --name SF " + custom("skip"));
  sh(unlock + shell_quote(store_path()));
  EXPECT_EQ(list.rc, 0) << list.out;
  for (const Result* r : {&refresh, &reconf, &all, &create}) {
    EXPECT_EQ(r->rc, 12) << r->out;
    EXPECT_TRUE(contains(r->out, "error: the store " + store_path() + " cannot be written (it is read-only)"))
        << r->out;
  }
  EXPECT_EQ(calls("oauth.token"), 0);
  EXPECT_EQ(calls("oauth.authorize"), 0);
  EXPECT_EQ(host("connector refresh --project Sales SF").rc, 0);
}

TEST_F(SharingE2E, AStoreWithoutItsKeyFileIsRefusedAndNoTokenIsSpent) {
  ASSERT_EQ(host("connector create --project Sales --name SF " + custom("skip")).rc, 0);
  const std::string key = store_path() + ".key";
  fs::rename(key, key + ".elsewhere");
  sim_post("/__sim/calls/reset", "{}");
  Result list = host("connector list");
  Result refresh = host("connector refresh --project Sales SF");
  EXPECT_FALSE(fs::exists(key));
  fs::rename(key + ".elsewhere", key);
  for (const Result* r : {&list, &refresh}) {
    EXPECT_EQ(r->rc, 12) << r->out;
    EXPECT_TRUE(contains(r->out, "error: the key file " + key + " is missing, and the store " + store_path() +
                                     " holds 1 sealed connector state that only that key opens; no new key was made"))
        << r->out;
  }
  EXPECT_EQ(calls("oauth.token"), 0);
  EXPECT_EQ(host("connector refresh --project Sales SF").rc, 0);
}

}  // namespace
