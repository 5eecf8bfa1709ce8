// Support for the end-to-end tests: sfsim as a child process (the built-in
// org plus a fleet of connector users), console-host run through the shell
// with the simulator browser, and a pseudo-terminal for interactive runs.
// Shared by every e2e suite of the host (one sfsim per suite).
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "oauth/callback_listener.hpp"

namespace e2e {

namespace fs = std::filesystem;

inline constexpr int kFleetSize = 200;
inline std::string g_sim_url;
inline pid_t g_sim_pid = -1;
// sfsim matches callback URLs exactly, as Salesforce does: the suite picks
// one callback port and registers http://localhost:PORT/OauthRedirect.
inline int g_callback_port = 0;
// Four more for the fleet test's four parallel lanes (one listener per port).
inline int g_lane_ports[4] = {0, 0, 0, 0};
inline std::string g_all_output;  // every byte console-host wrote in these tests

struct Result {
  int rc = -1;
  std::string out;
};

inline std::string shell_quote(const std::string& s) {
  std::string o = "'";
  for (char c : s) o += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return o + "'";
}

inline Result sh(const std::string& cmd) {
  Result r;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = ::pclose(p);
  r.rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

inline std::string sim_get(const std::string& path) { return sh("curl -sS " + shell_quote(g_sim_url + path)).out; }
inline std::string sim_post(const std::string& path, const std::string& body) {
  return sh("curl -sS -H 'Content-Type: application/json' -d " + shell_quote(body) + " " +
            shell_quote(g_sim_url + path))
      .out;
}

// What console-host must never print or store in clear text.
struct SecretPattern {
  const char* what;
  std::regex re;
};
inline const std::vector<SecretPattern>& secret_patterns() {
  static const std::vector<SecretPattern> patterns = {
      {"an access token", std::regex("00D000000SIMORG!")}, {"a refresh token", std::regex("5Aep861")},
      {"an authorization code", std::regex("aPrx")},       {"the client secret", std::regex("sim-consumer-secret")},
      {"the user's password", std::regex("sim-password")}, {"a PKCE verifier", std::regex("code_verifier=[^\\[]")},
      {"a code in a URL", std::regex("[?&]code=[^\\[]")},
  };
  return patterns;
}

class HostE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::path log = fs::temp_directory_path() / ("host_e2e_sfsim_" + std::to_string(::getpid()) + ".log");
    {
      console_host::CallbackListener main(0), l0(0), l1(0), l2(0), l3(0);  // held at once: five distinct ports
      g_callback_port = main.port();
      g_lane_ports[0] = l0.port(), g_lane_ports[1] = l1.port(), g_lane_ports[2] = l2.port(),
      g_lane_ports[3] = l3.port();
    }
    const fs::path org = write_fleet_org();
    g_sim_pid = ::fork();
    if (g_sim_pid == 0) {
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::execl(SFSIM_BIN, SFSIM_BIN, "--port", "0", "--org", org.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100 && g_sim_url.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::ifstream in(log);
      std::string line;
      if (std::getline(in, line) && line.rfind("sfsim listening at ", 0) == 0) g_sim_url = line.substr(19);
    }
    fs::remove(log);
    fs::remove(org);
  }

  // The built-in org plus kFleetSize administrators (fleet1@simorg.example,
  // ...): Salesforce keeps at most 5 refresh tokens per user and app, so 200
  // connectors that all stay authorized need 200 users, as in a real fleet.
  static fs::path write_fleet_org() {
    const fs::path path = fs::temp_directory_path() / ("host_e2e_org_" + std::to_string(::getpid()) + ".json");
    Result builtin = sh(shell_quote(SFSIM_BIN) + " --print-builtin-org");
    rapidjson::Document org;
    org.Parse(builtin.out.c_str());
    if (org.HasParseError() || !org.IsObject() || !org.HasMember("users")) return path;
    auto& a = org.GetAllocator();
    for (const int port : {g_callback_port, g_lane_ports[0], g_lane_ports[1], g_lane_ports[2], g_lane_ports[3]}) {
      const std::string callback = "http://localhost:" + std::to_string(port) + "/OauthRedirect";
      org["connected_app"]["callback_urls"].PushBack(rapidjson::Value(callback.c_str(), a), a);
    }
    rapidjson::Value admin(org["users"][0], a);
    for (int i = 1; i <= kFleetSize; ++i) {
      rapidjson::Value u(admin, a);
      const std::string name = "fleet" + std::to_string(i) + "@simorg.example";
      u["username"].SetString(name.c_str(), a);
      if (u.HasMember("email")) u["email"].SetString(name.c_str(), a);
      org["users"].PushBack(u, a);
    }
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    org.Accept(w);
    std::ofstream(path) << buf.GetString();
    return path;
  }
  static void TearDownTestSuite() {
    if (g_sim_pid > 0) {
      ::kill(g_sim_pid, SIGTERM);
      ::waitpid(g_sim_pid, nullptr, 0);
    }
    // The next suite starts its own simulator.
    g_sim_pid = -1;
    g_sim_url.clear();
  }

  void SetUp() override {
    ASSERT_FALSE(g_sim_url.empty()) << "sfsim did not start";
    sim_post("/__sim/reset", "{}");
    dir_ = fs::temp_directory_path() / ("host_e2e_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    output_mark_ = g_all_output.size();
    std::ofstream(dir_ / "host.ini") << "[host]\ncallback_port = " << g_callback_port
                                     << "\ntimeout = 30\n"
                                        "[salesforce]\nclient_id = 3MVG9SIMULATOR0SmartFlowsConsumerKey\n"
                                        "client_secret = sim-consumer-secret\nallow_loopback_login_host = true\n";
    ::chmod((dir_ / "host.ini").c_str(), 0600);  // it holds the client secret
  }
  // Every test, whatever it checks, printed nothing secret.
  void TearDown() override {
    const std::string printed = g_all_output.substr(std::min(output_mark_, g_all_output.size()));
    for (const auto& secret : secret_patterns())
      EXPECT_FALSE(std::regex_search(printed, secret.re)) << "console-host printed " << secret.what;
    fs::remove_all(dir_);
  }

  std::string env(const std::string& extra = "") const {
    return "NO_COLOR=1 CONSOLE_HOST_STORE=" + shell_quote((dir_ / "console.db").string()) +
           " CONSOLE_HOST_CONFIG=" + shell_quote((dir_ / "host.ini").string()) +
           " BROWSER=" + shell_quote(SIM_BROWSER_SCRIPT) + " SFSIM_URL=" + shell_quote(g_sim_url) + " " + extra + " ";
  }
  Result host(const std::string& args, const std::string& extra_env = "") {
    Result r = sh(env(extra_env) + shell_quote(CONSOLE_HOST_BIN) + " " + args + " </dev/null");
    g_all_output += r.out;
    return r;
  }
  std::string custom(const std::string& buttons = "install", const std::string& object = "Account") const {
    return "--set environment.environment=custom --set environment.custom_domain=" + g_sim_url +
           " --set environment.buttons=" + buttons + " --set environment.object=" + object;
  }
  Result create(const std::string& project, const std::string& name, const std::string& more = "") {
    return host("connector create --project " + shell_quote(project) + " --name " + shell_quote(name) + " " + custom() +
                " " + more);
  }

  fs::path dir_;
  std::size_t output_mark_ = 0;  // g_all_output's size when this test started
};

inline bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// A terminal session: read until `what` shows up (or fail after 30 s).
class Pty {
 public:
  Pty(const std::string& command) {
    pid_ = ::forkpty(&fd_, nullptr, nullptr, nullptr);
    if (pid_ == 0) {
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~Pty() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(fd_);
  }
  bool expect(const std::string& what, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      size_t at = seen_.find(what, pos_);
      if (at != std::string::npos) {
        pos_ = at + what.size();
        return true;
      }
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 200) > 0) {
        char buf[4096];
        ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) break;
        seen_.append(buf, static_cast<size_t>(n));
      }
    }
    return false;
  }
  void send(const std::string& line) { (void)::write(fd_, (line + "\n").data(), line.size() + 1); }
  int wait() {
    int st = 0;
    expect("\x01never", std::chrono::seconds(20));  // drain until exit
    ::waitpid(pid_, &st, 0);
    pid_ = -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  pid_t pid() const { return pid_; }
  const std::string& seen() const { return seen_; }

 private:
  int fd_ = -1;
  pid_t pid_ = -1;
  std::string seen_;
  size_t pos_ = 0;
};

}  // namespace e2e
