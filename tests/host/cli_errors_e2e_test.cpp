// End-to-end: the CLI's promises about failures ("hostile input never
// crashes or misleads"). The real console-host against sfsim, with stdout
// and stderr read apart: every exit code of docs/host.md that can be
// provoked, each error printed exactly once, `--json` failures and dry runs
// as JSON on stdout, the plan shown once in readable words, and the
// configuration file's refusals and warnings.
#include <rapidjson/document.h>

#include "e2e_support.h"

namespace {

using namespace e2e;
namespace fs = std::filesystem;

struct Split {
  int rc = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + needle.size())) ++n;
  return n;
}

class CliErrors : public HostE2E {
 protected:
  Split run(const std::string& args, const std::string& extra_env = "") {
    const fs::path err = dir_ / "stderr.txt";
    const fs::path out = dir_ / "stdout.txt";
    Split s;
    s.rc = sh("{ " + env(extra_env) + shell_quote(CONSOLE_HOST_BIN) + " " + args + " </dev/null >" +
              shell_quote(out.string()) + " 2>" + shell_quote(err.string()) + "; }")
               .rc;
    std::ifstream o(out), e(err);
    std::stringstream so, se;
    so << o.rdbuf();
    se << e.rdbuf();
    s.out = so.str();
    s.err = se.str();
    g_all_output += s.out + s.err;
    return s;
  }
  std::string create_cmd(const std::string& project) const {
    return "connector create --project " + shell_quote(project) + " --name SF " + custom();
  }
  Split create_split(const std::string& project, const std::string& more = "", const std::string& extra_env = "") {
    return run(create_cmd(project) + " " + more, extra_env);
  }
  void fault(const std::string& rule) { sim_post("/__sim/faults", rule); }
  void clear_faults() { sh("curl -sS -X DELETE " + shell_quote(g_sim_url + "/__sim/faults")); }

  // The one JSON object a --json run wrote on stdout.
  static rapidjson::Document json_of(const Split& s) {
    rapidjson::Document d;
    d.Parse(s.out.c_str());
    EXPECT_FALSE(d.HasParseError()) << "stdout is not one JSON document:\n" << s.out;
    if (d.HasParseError() || !d.IsObject()) d.SetObject();
    return d;
  }
  // The error object of a failed --json run, checked against its exit code.
  static void expect_json_error(const Split& s, const std::string& code, int exit_code) {
    rapidjson::Document d = json_of(s);
    ASSERT_TRUE(d.HasMember("error") && d["error"].IsObject()) << s.out;
    const auto& e = d["error"];
    EXPECT_EQ(std::string(e["code"].GetString()), code) << s.out;
    EXPECT_EQ(e["exit_code"].GetInt(), exit_code) << s.out;
    EXPECT_EQ(s.rc, exit_code);
    ASSERT_TRUE(e.HasMember("message") && e["message"].IsString()) << s.out;
    // The message is the one on stderr, printed there once.
    EXPECT_EQ(count(s.err, std::string("error: ") + e["message"].GetString()), 1u) << s.err;
  }
};

// ---- exit codes: one test per code of the table that can be provoked ----

TEST_F(CliErrors, Exit2BadCommandLineAlsoAsJson) {
  Split s = run("connector refresh --all --jobs 0 --json");
  EXPECT_EQ(s.rc, 2) << s.err;
  EXPECT_EQ(count(s.err, "error: --jobs must be from 1 to 64, not 0\n"), 1u) << s.err;
  expect_json_error(s, "usage", 2);
  Split group = run("connector frobnicate --json");
  EXPECT_EQ(group.rc, 2);
  EXPECT_EQ(count(group.err, "error: unknown command for \"connector\"; one of:"), 1u) << group.err;
  expect_json_error(group, "usage", 2);
}

TEST_F(CliErrors, Exit3RefusedAnswer) {
  Split s = run("connector create --project X --name SF --set environment.environment=moon");
  EXPECT_EQ(s.rc, 3) << s.err;
  EXPECT_EQ(count(s.err, "environment.environment: \"moon\" is not one of: "), 1u) << s.err;
  EXPECT_EQ(count(s.out + s.err, "\"moon\""), 1u) << s.out << s.err;
}

TEST_F(CliErrors, Exit4UnknownTypeNamesTheLoadedOnes) {
  for (const std::string how : {"--type bogus", "--set connector.type=bogus"}) {
    Split s = run("connector create --project X --name SF " + how + " --json");
    EXPECT_EQ(s.rc, 4) << how << ": " << s.err;
    EXPECT_EQ(count(s.err, "error: no connector type \"bogus\" is loaded\n"), 1u) << s.err;
    EXPECT_EQ(count(s.err, "hint: loaded types: salesforce (see `console-host plugins list`)\n"), 1u) << s.err;
    expect_json_error(s, "not_found", 4);
  }
}

TEST_F(CliErrors, Exit4ARefreshRacingADeleteFindsNoConnector) {
  ASSERT_EQ(create_split("Race").rc, 0);
  // The delete holds the connector's lease while a slow uninstall runs; the
  // refresh waits for it, then finds the connector gone.
  fault(R"({"path_prefix":"/services/Soap/m","count":1,"delay_ms":3000})");
  const fs::path del_out = dir_ / "delete.out";
  sh("(" + env() + shell_quote(CONSOLE_HOST_BIN) +
     " connector delete --project Race SF --uninstall --yes </dev/null >" + shell_quote(del_out.string()) + " 2>&1 &)");
  for (int i = 0; i < 100; ++i) {
    std::ifstream in(del_out);
    std::stringstream ss;
    ss << in.rdbuf();
    if (contains(ss.str(), "Uninstalling")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Split s = run("connector refresh --project Race SF --json");
  EXPECT_EQ(s.rc, 4) << s.err;
  EXPECT_EQ(count(s.err, "error: project \"Race\" has no connector named \"SF\"\n"), 1u) << s.err;
  expect_json_error(s, "not_found", 4);
  clear_faults();
}

TEST_F(CliErrors, Exit5SecondConnectorOfASingletonType) {
  ASSERT_EQ(create_split("Sales").rc, 0);
  Split s = run("connector create --project Sales --name Other " + custom() + " --json");
  EXPECT_EQ(s.rc, 5);
  EXPECT_EQ(count(s.err, "already has a Salesforce connector (\"SF\")"), 1u) << s.err;
  expect_json_error(s, "conflict", 5);
}

TEST_F(CliErrors, Exit6DenyAtSignIn) {
  Split s = create_split("Deny", "--json", "SIM_DECISION=deny");
  EXPECT_EQ(s.rc, 6) << s.err;
  expect_json_error(s, "auth_denied", 6);
  EXPECT_TRUE(contains(s.out, "\"field\": \"authorize.authorize\"")) << s.out;
}

TEST_F(CliErrors, Exit6MissingPermissionsNamedOnce) {
  Split s = create_split("Perms", "", "SIM_USERNAME=no-modifyalldata@simorg.example");
  EXPECT_EQ(s.rc, 6) << s.err;
  const std::string msg = "lacks 1 permission that Smart Flows needs: Modify All Data.";
  EXPECT_EQ(count(s.out + s.err, msg), 1u) << s.out << s.err;
  EXPECT_EQ(count(s.err, msg), 1u) << s.err;
  EXPECT_FALSE(contains(s.out, "error:")) << s.out;
  // Where to grant it stays in the step's display.
  EXPECT_TRUE(contains(s.out, "Missing permissions:\n    - Modify All Data: Setup > ")) << s.out;
  Split j = create_split("Perms2", "--json", "SIM_USERNAME=no-modifyalldata@simorg.example");
  expect_json_error(j, "permission_missing", 6);
}

TEST_F(CliErrors, Exit7BrowserNeverCameBack) {
  Split s = create_split("Slow", "--timeout 1 --json", "SIM_DECISION=ignore");
  EXPECT_EQ(s.rc, 7) << s.err;
  EXPECT_EQ(count(s.err, "the browser did not come back to http://localhost:"), 1u) << s.err;
  expect_json_error(s, "timeout", 7);
}

TEST_F(CliErrors, Exit8CallbackPortTaken) {
  console_host::CallbackListener squatter(0);
  Split s = create_split("Port", "--callback-port " + std::to_string(squatter.port()) + " --json");
  EXPECT_EQ(s.rc, 8) << s.err;
  expect_json_error(s, "callback_port_busy", 8);
}

TEST_F(CliErrors, Exit9ServerErrorDuringSignInPrintedOnce) {
  fault(R"({"path_prefix":"/services/oauth2/token","count":1,"status":503})");
  Split s = create_split("Down");
  EXPECT_EQ(s.rc, 9) << s.err;
  const std::string msg = "Salesforce's token endpoint answered HTTP 503.";
  EXPECT_EQ(count(s.out + s.err, msg), 1u) << s.out << s.err;
  EXPECT_EQ(count(s.err, "error: step \"Authorize Smart Flows\" failed:\n  authorize.authorize: " + msg), 1u) << s.err;
  EXPECT_FALSE(contains(s.out, "error:")) << s.out;
  EXPECT_TRUE(contains(host("connector list").out, "No connectors"));
}

TEST_F(CliErrors, Exit9NetworkFailureDuringSignInAsJson) {
  fault(R"({"path_prefix":"/services/oauth2/token","count":1,"drop":true})");
  Split s = create_split("Net", "--json");
  expect_json_error(s, "network", 9);
  EXPECT_TRUE(contains(s.out, "\"field\": \"authorize.authorize\"")) << s.out;
  EXPECT_EQ(count(s.err, "Could not reach " + g_sim_url), 1u) << s.err;
}

TEST_F(CliErrors, Exit9ChangeStoppedPartWaySaysWhatIsInPlace) {
  ASSERT_EQ(create_split("Move").rc, 0);
  // The move's fifth request (the new button's layouts) hits the org's API
  // limit: the new button exists, the old one is still on its layouts.
  fault(R"({"path_prefix":"/services/","skip":4,"count":1,"status":403})");
  Split s = run("connector reconfigure --project Move SF " + custom("install", "Contact") + " --json");
  clear_faults();
  EXPECT_EQ(s.rc, 9) << s.err;
  expect_json_error(s, "rate_limited", 9);
  rapidjson::Document d = json_of(s);
  ASSERT_TRUE(d["error"].HasMember("in_place") && d["error"]["in_place"].IsObject()) << s.out;
  const auto& installed = d["error"]["in_place"]["installed"];
  ASSERT_TRUE(installed.IsArray()) << s.out;
  ASSERT_EQ(installed.Size(), 2u) << s.out;
  EXPECT_STREQ(installed[0].GetString(), "Account.Smart_Flows on 2 page layouts");
  EXPECT_STREQ(installed[1].GetString(), "Contact.Smart_Flows on 0 page layouts");
}

TEST_F(CliErrors, Exit10SomeConnectorsFailedToRefresh) {
  ASSERT_EQ(create_split("R1").rc, 0);
  sim_post("/__sim/tokens/revoke", "{}");
  Split s = run("connector refresh --all");
  EXPECT_EQ(s.rc, 10) << s.err;
  EXPECT_TRUE(contains(s.out, "Refreshed 0 of 1 connector.")) << s.out;
}

TEST_F(CliErrors, Exit11NoAtTheConfirmation) {
  Pty t(env() + shell_quote(CONSOLE_HOST_BIN) + " connector create --project Cancel --name SF --description '' " +
        "--type salesforce " + custom());
  ASSERT_TRUE(t.expect("Press Enter to")) << t.seen();
  t.send("");
  ASSERT_TRUE(t.expect("Continue? [Y/n]: ")) << t.seen();
  t.send("n");
  EXPECT_EQ(t.wait(), 11) << t.seen();
  EXPECT_EQ(count(t.seen(), "the wizard was cancelled; nothing was changed"), 1u) << t.seen();
  EXPECT_TRUE(contains(host("connector list").out, "No connectors"));
}

TEST_F(CliErrors, Exit12StoreWithoutItsKey) {
  ASSERT_EQ(create_split("Keyless").rc, 0);
  fs::remove(dir_ / "console.db.key");
  Split s = run("connector list --json");
  EXPECT_EQ(s.rc, 12) << s.err;
  EXPECT_EQ(count(s.err, "error: the key file " + (dir_ / "console.db.key").string() + " is missing"), 1u) << s.err;
  expect_json_error(s, "store", 12);
}

TEST_F(CliErrors, Exit11InterruptedRefreshAllWritesOneJsonDocument) {
  ASSERT_EQ(create_split("I1").rc, 0);
  ASSERT_EQ(run("connector create --project I2 --name SF " + custom("skip")).rc, 0);  // the button is I1's
  // Each refresh waits 2 s for its token: Ctrl-C lands during the first.
  fault(R"({"path_prefix":"/services/oauth2/token","count":2,"delay_ms":2000})");
  const fs::path out = dir_ / "refresh.out", err = dir_ / "refresh.err", rc = dir_ / "refresh.rc";
  sh("(" + env() + shell_quote(CONSOLE_HOST_BIN) + " connector refresh --all --jobs 1 --json </dev/null >" +
     shell_quote(out.string()) + " 2>" + shell_quote(err.string()) +
     " & pid=$!; sleep 1; kill -INT $pid; wait $pid; echo $? >" + shell_quote(rc.string()) + ")");
  clear_faults();
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  Split s{std::stoi(slurp(rc)), slurp(out), slurp(err)};
  EXPECT_EQ(s.rc, 11) << s.err;
  expect_json_error(s, "cancelled", 11);
  EXPECT_TRUE(contains(s.err, " were not refreshed")) << s.err;
}

// ---- the plan: once, readable; structured in --json ----

TEST_F(CliErrors, ThePlanIsShownOnceInReadableNames) {
  Split s = create_split("Plan");
  ASSERT_EQ(s.rc, 0) << s.err;
  EXPECT_EQ(count(s.out, "Create the Smart Flows button on Account."), 1u) << s.out;
  EXPECT_EQ(count(s.out, "Add it to 2 page layouts: Account (Marketing) Layout, Account Layout."), 1u) << s.out;
  EXPECT_FALSE(contains(s.out, "%28")) << s.out;
  EXPECT_FALSE(contains(s.out, "operation:")) << s.out;
  EXPECT_TRUE(s.err.empty()) << s.err;
}

TEST_F(CliErrors, JsonResultsCarryThePlanAsAMember) {
  Split s = create_split("PlanJson", "--json");
  ASSERT_EQ(s.rc, 0) << s.err;
  rapidjson::Document d = json_of(s);
  EXPECT_STREQ(d["name"].GetString(), "SF");
  ASSERT_TRUE(d.HasMember("plan") && d["plan"].IsObject()) << s.out;
  const auto& changes = d["plan"]["changes"];
  ASSERT_EQ(changes.Size(), 3u) << s.out;
  EXPECT_STREQ(changes[1]["name"].GetString(), "Account-Account %28Marketing%29 Layout");
  EXPECT_STREQ(changes[1]["label"].GetString(), "Account (Marketing) Layout");
  // People-facing text went to stderr, the plan in words once.
  EXPECT_EQ(count(s.err, "Create the Smart Flows button on Account."), 1u) << s.err;
}

TEST_F(CliErrors, DryRunWritesItsPlanAsJson) {
  ASSERT_EQ(create_split("Dry").rc, 0);
  for (const std::string& cmd : {"connector create --project Dry2 --name SF " + custom("install", "Lead"),
                                 "connector reconfigure --project Dry SF " + custom("install", "Contact")}) {
    Split s = run(cmd + " --dry-run --json");
    ASSERT_EQ(s.rc, 0) << cmd << ": " << s.err;
    rapidjson::Document d = json_of(s);
    EXPECT_TRUE(d["dry_run"].GetBool()) << s.out;
    EXPECT_STREQ(d["type"].GetString(), "salesforce");
    ASSERT_TRUE(d["plan"].IsObject()) << s.out;
    EXPECT_TRUE(d["plan"]["summary"].IsArray()) << s.out;
    EXPECT_EQ(count(s.err, "Dry run: nothing was changed"), 1u) << s.err;
  }
  EXPECT_FALSE(contains(sim_get("/__sim/state"), "\"Contact.Smart_Flows\""));
  EXPECT_FALSE(contains(sim_get("/__sim/state"), "\"Lead.Smart_Flows\""));
  EXPECT_FALSE(contains(host("connector list").out, "Dry2"));
}

// ---- the configuration file ----

TEST_F(CliErrors, AConfigFileWithASecretReadableByOthersIsRefused) {
  const std::string path = (dir_ / "host.ini").string();
  ::chmod(path.c_str(), 0644);
  for (const std::string& cmd : std::vector<std::string>{"connector list", "plugins list --json", create_cmd("Open")}) {
    Split s = run(cmd);
    EXPECT_EQ(s.rc, 3) << cmd << ": " << s.err;
    EXPECT_EQ(count(s.err, "error: host configuration " + path +
                               " holds a secret ([salesforce] client_secret) and other users can read it (mode 644)\n"),
              1u)
        << s.err;
    EXPECT_EQ(count(s.err, "hint: run `chmod 600 " + path + "`\n"), 1u) << s.err;
  }
  ::chmod(path.c_str(), 0600);
  EXPECT_EQ(run("connector list").rc, 0);
}

TEST_F(CliErrors, UnknownConfigKeysAreWarnedOnceWithTheNearestKey) {
  const std::string path = (dir_ / "host.ini").string();
  {
    std::ofstream(path, std::ios::app)
        << "console_ulr = https://console.example\n[serve]\nthreds = 4\n[salesfroce]\nx = 1\n";
  }
  std::string text;
  {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  // [host] gets a misspelt key too.
  const size_t at = text.find("timeout = ");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 7, "timout");
  std::ofstream(path, std::ios::trunc) << text;
  ::chmod(path.c_str(), 0600);
  const std::string host_w =
      "warning: " + path + ": unknown key \"timout\" in [host], which nothing reads; did you mean \"timeout\"?\n";
  const std::string plugin_w = "warning: " + path +
                               ": unknown key \"console_ulr\" in [salesforce], which nothing reads; did you mean "
                               "\"console_url\"?\n";
  const std::string serve_w =
      "warning: " + path + ": unknown key \"threds\" in [serve], which nothing reads; did you mean \"threads\"?\n";
  const std::string section_w =
      "warning: " + path + ": section [salesfroce] configures no loaded plugin; did you mean [salesforce]?\n";
  Split s = create_split("Warned");
  EXPECT_EQ(s.rc, 0) << s.err;
  for (const auto& w : {host_w, plugin_w, serve_w, section_w}) EXPECT_EQ(count(s.err, w), 1u) << w << s.err;
  EXPECT_FALSE(contains(s.out, "warning:")) << s.out;
  // A command that loads no plugin still warns about the host's own keys.
  Split list = run("connector list");
  EXPECT_EQ(list.rc, 0);
  EXPECT_EQ(count(list.err, host_w), 1u) << list.err;
  EXPECT_EQ(count(list.err, "warning: "), 2u) << list.err;  // [host] and [serve]
}

}  // namespace
