// TLS verification is always on: the plugin's HTTP client refuses a server
// whose certificate it cannot verify, and trusts it once the configured CA
// bundle (ca_file) vouches for it. sfsim serves HTTPS with a self-signed
// certificate made for this test.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "console_plugin/console_plugin.hpp"
#include "http_client.h"

namespace {
namespace fs = std::filesystem;

class TlsSim : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("sf_tls_" + std::to_string(getpid()));
    fs::create_directories(dir_);
    const std::string cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        (dir_ / "key.pem").string() + " -out " + (dir_ / "cert.pem").string() + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl could not make a certificate";
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      if (FILE* devnull = std::fopen("/dev/null", "w")) dup2(fileno(devnull), STDERR_FILENO);
      close(out[0]);
      execl(SFSIM_PATH, SFSIM_PATH, "--port", "0", "--tls-cert", (dir_ / "cert.pem").c_str(), "--tls-key",
            (dir_ / "key.pem").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[512] = {0};
    ASSERT_TRUE(f && fgets(line, sizeof line, f)) << "sfsim did not start";
    const std::string first(line);
    const auto at = first.find("https://");
    ASSERT_NE(at, std::string::npos) << first;
    url_ = first.substr(at, first.find_last_not_of("\r\n") + 1 - at);
  }
  static void TearDownTestSuite() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }
  static salesforce::HttpResponse get(const std::string& ca_file) {
    salesforce::HttpClient::Options o;
    o.ca_file = ca_file;
    o.max_attempts = 1;
    salesforce::HttpClient http(o);
    return http.send({"GET", url_ + "/services/data/", {}, "", true});
  }
  static inline fs::path dir_;
  static inline pid_t pid_ = -1;
  static inline std::string url_;
};

TEST_F(TlsSim, AServerWhoseCertificateCannotBeVerifiedIsRefused) {
  try {
    get("");
    FAIL() << "an unverifiable certificate was accepted";
  } catch (const console::Error& e) {
    EXPECT_EQ(e.code(), "network");
    const std::string message = e.what();
    EXPECT_NE(message.find(url_), std::string::npos) << message;
    EXPECT_NE(message.find("certificate"), std::string::npos) << message;
  }
}

TEST_F(TlsSim, TheConfiguredCaBundleMakesTheServerTrusted) {
  const salesforce::HttpResponse r = get((dir_ / "cert.pem").string());
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"version\""), std::string::npos) << r.body;
}

TEST_F(TlsSim, AnotherCaBundleDoesNotMakeItTrusted) {
  const std::string other = (dir_ / "other.pem").string();
  const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=other -keyout " +
                          (dir_ / "other-key.pem").string() + " -out " + other + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_THROW(get(other), console::Error);
}

}  // namespace
