// The CLI's promises, tried as a new user would: each case runs the real
// console-host binary (no terminal, no org needed) and asserts its exit code
// and the text it prints.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Result {
  int rc = -1;
  std::string out;
};

std::string shell_quote(const std::string& s) {
  std::string o = "'";
  for (char c : s) o += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return o + "'";
}

class CliPromises : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cli_promises_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "host.ini") << "[host]\ncallback_port = 0\ntimeout = 5\n"
                                        "[salesforce]\nclient_id = x\nclient_secret = y\n";
    ::chmod((dir_ / "host.ini").c_str(), 0600);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result host(const std::string& args, const std::string& extra_env = "") {
    const std::string cmd = "NO_COLOR=1 CONSOLE_HOST_STORE=" + shell_quote((dir_ / "console.db").string()) +
                            " CONSOLE_HOST_CONFIG=" + shell_quote((dir_ / "host.ini").string()) + " " + extra_env +
                            " " + shell_quote(CONSOLE_HOST_BIN) + " " + args + " </dev/null 2>&1";
    Result r;
    FILE* p = ::popen(cmd.c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int st = ::pclose(p);
    r.rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
  }

  fs::path dir_;
};

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

TEST_F(CliPromises, GroupHelpExitsZeroAndListsTheGroupsCommands) {
  for (const std::string group : {"connector", "plugins", "project"}) {
    const Result r = host(group + " --help");
    EXPECT_EQ(r.rc, 0) << group << ": " << r.out;
    EXPECT_EQ(r.out.rfind("usage: console-host " + group + " <command> [options]\n\ncommands:\n  " + group + " ", 0),
              0u)
        << r.out;
    EXPECT_TRUE(contains(r.out, "Run `console-host " + group + " <command> --help` for a command's options."));
  }
  EXPECT_TRUE(contains(host("connector --help").out, "  connector delete --project P NAME [--uninstall]"));
}

TEST_F(CliPromises, FlagValuesAreCheckedWhenTheCommandLineIsRead) {
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {"connector refresh --all --jobs 0", "error: --jobs must be from 1 to 64, not 0\n"},
      {"connector refresh --all --idle-over -1", "error: --idle-over must be from 0 to 36500, not -1\n"},
      {"connector create --project P --timeout -5", "error: --timeout must be from 1 to 86400, not -5\n"},
  };
  for (const auto& c : cases) {
    const Result r = host(c.args);
    EXPECT_EQ(r.rc, 2) << c.args << ": " << r.out;
    EXPECT_EQ(r.out.rfind(c.message, 0), 0u) << c.args << ": " << r.out;
  }
  EXPECT_FALSE(fs::exists(dir_ / "console.db"));
}

TEST_F(CliPromises, ReadOnlyCommandsCreateNoStoreFolderOrKey) {
  const fs::path missing = dir_ / "nonexistent" / "dir" / "x.db";
  const std::string store = " --store " + shell_quote(missing.string());
  Result r = host("connector list" + store);
  EXPECT_EQ(r.rc, 0) << r.out;
  EXPECT_EQ(r.out, "No connectors.\n");
  r = host("project list" + store);
  EXPECT_EQ(r.rc, 0) << r.out;
  r = host("connector show --project P SF" + store);
  EXPECT_EQ(r.rc, 4) << r.out;
  EXPECT_TRUE(contains(r.out, "error: project \"P\" has no connector named \"SF\"")) << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "nonexistent")) << "a read-only command created the store's folder";
}

TEST_F(CliPromises, NamesAreTrimmedControlCharactersRefusedAndLengthsBounded) {
  Result r = host("connector create --project " + shell_quote("Sales\tOps"));
  EXPECT_EQ(r.rc, 3) << r.out;
  EXPECT_TRUE(contains(r.out, "error: the project name \"Sales\\tOps\" contains a control character (\\t)\n")) << r.out;
  r = host("connector create --project " + shell_quote("Ops\x1b[2J"));
  EXPECT_EQ(r.rc, 3) << r.out;
  EXPECT_TRUE(contains(r.out, "contains a control character (\\x1b)")) << r.out;
  EXPECT_FALSE(contains(r.out, "\x1b")) << "the escape sequence reached the terminal";
  r = host("connector create --project " + std::string(10000, 'p'));
  EXPECT_EQ(r.rc, 3) << r.out.substr(0, 300);
  EXPECT_TRUE(contains(r.out, "error: the project name is longer than 80 characters (10000)")) << r.out.substr(0, 300);
  // "Sales Ops " is "Sales Ops".
  r = host("connector show --project " + shell_quote("  Sales Ops ") + " SF");
  EXPECT_EQ(r.rc, 4) << r.out;
  EXPECT_TRUE(contains(r.out, "error: project \"Sales Ops\" has no connector named \"SF\"")) << r.out;
}

TEST_F(CliPromises, DeleteWithoutATerminalNeedsYes) {
  const Result r = host("connector delete --project P SF");
  EXPECT_EQ(r.rc, 2) << r.out;
  EXPECT_EQ(r.out,
            "error: connector delete needs --yes when it cannot ask for confirmation (no terminal)\n"
            "hint: add --yes to delete without being asked\n");
}

TEST_F(CliPromises, AnswersNoStepReadsAreRefusedByName) {
  struct Case {
    std::string set;
    std::string message;
  };
  const Case cases[] = {
      {"obejct=Lead", "error: unknown answers: obejct (no step has this field)\n"},
      {"envirnoment.object=Lead", "error: unknown answers: envirnoment.object (no step \"envirnoment\")\n"},
      {"environment.obejct=Lead", "error: unknown answers: environment.obejct (not a field of step \"environment\")\n"},
  };
  for (const auto& c : cases) {
    const Result r = host("connector create --project P --name SF --set " + c.set);
    EXPECT_EQ(r.rc, 3) << c.set << ": " << r.out;
    EXPECT_TRUE(contains(r.out, c.message)) << c.set << ": " << r.out;
    EXPECT_TRUE(contains(r.out, "hint: the wizard's steps are connector, environment, authorize, connected")) << r.out;
  }
}

}  // namespace
