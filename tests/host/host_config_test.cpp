// The host configuration: [host] settings, plugin sections as JSON, errors.
#include "host_config.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "host_error.hpp"

namespace console_host {
namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = (std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_" + name)).string();
  std::ofstream(path) << text;
  ::chmod(path.c_str(), 0600);  // it may hold a secret
  return path;
}

TEST(HostConfigTest, NoFileGivesDefaults) {
  HostConfig c = load_host_config("");
  EXPECT_EQ(c.callback_port, 1717);
  EXPECT_EQ(c.timeout_seconds, 300);
  EXPECT_EQ(c.config_json_for("salesforce", {}), "{}");
}

TEST(HostConfigTest, IniSectionsBecomePluginJson) {
  std::string p =
      write_temp("c.ini",
                 "[host]\ncallback_port = 0\ntimeout = 30\n"
                 "[salesforce]\nclient_id = 3MVG9abc\nclient_secret = sim-consumer-secret\n"
                 "allow_loopback_login_host = true\nemail_enabled = false\napi_version = 62.0\nretries = 3\n");
  HostConfig c = load_host_config(p);
  EXPECT_EQ(c.callback_port, 0);
  EXPECT_EQ(c.timeout_seconds, 30);
  EXPECT_EQ(c.config_json_for("salesforce", {}),
            R"({"client_id":"3MVG9abc","client_secret":"sim-consumer-secret","allow_loopback_login_host":true,)"
            R"("email_enabled":false,"api_version":"62.0","retries":3})");
  EXPECT_EQ(c.config_json_for("other", {}), "{}");
  EXPECT_EQ(c.secret_values(), std::vector<std::string>{"sim-consumer-secret"});
  std::filesystem::remove(p);
}

TEST(HostConfigTest, JsonFilesWorkToo) {
  std::string p = write_temp("c.json", R"({"host": {"timeout": "12"}, "salesforce": {"client_id": "x"}})");
  HostConfig c = load_host_config(p);
  EXPECT_EQ(c.timeout_seconds, 12);
  EXPECT_EQ(c.config_json_for("salesforce", {}), R"({"client_id":"x"})");
  std::filesystem::remove(p);
}

TEST(HostConfigTest, TypeSectionsMergeAfterThePluginSection) {
  std::string p = write_temp("m.ini", "[plug]\na = 1\nb = 2\n[type1]\nb = 3\n");
  EXPECT_EQ(load_host_config(p).config_json_for("plug", {"type1"}), R"({"a":1,"b":3})");
  std::filesystem::remove(p);
}

struct BadConfig {
  std::string text;
  std::string message_part;
};

TEST(HostConfigTest, BadFilesNameTheProblem) {
  const BadConfig cases[] = {
      {"[host]\ncallback_port = 70000\n", "[host] callback_port = \"70000\" is not a number from 0 to 65535"},
      {"[host]\ntimeout = soon\n", "[host] timeout = \"soon\" is not a number from 1 to 86400"},
      {"[salesforce\nclient_id = x\n", "cannot read host configuration"},
      {"client_id = x\n", "\"client_id\" is outside any section"},
  };
  for (const auto& c : cases) {
    std::string p = write_temp("bad.ini", c.text);
    try {
      load_host_config(p);
      ADD_FAILURE() << c.text;
    } catch (const HostError& e) {
      EXPECT_EQ(e.code(), ExitCode::kInvalidInput);
      EXPECT_NE(std::string(e.what()).find(c.message_part), std::string::npos) << e.what();
    }
    std::filesystem::remove(p);
  }
}

TEST(HostConfigTest, ASecretOtherUsersCanReadIsRefusedWithTheFix) {
  std::string p = write_temp("open.ini", "[salesforce]\nclient_id = x\nclient_secret = s3cret\n");
  ::chmod(p.c_str(), 0644);
  try {
    load_host_config(p);
    ADD_FAILURE() << "a readable secret was accepted";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ExitCode::kInvalidInput);
    EXPECT_EQ(std::string(e.what()), "host configuration " + p +
                                         " holds a secret ([salesforce] client_secret) and other users can read it "
                                         "(mode 644)");
    EXPECT_EQ(e.hint(), "run `chmod 600 " + p + "`");
  }
  ::chmod(p.c_str(), 0640);
  EXPECT_THROW(load_host_config(p), HostError);
  // Without a secret the mode is the admin's business.
  std::string plain = write_temp("plain.ini", "[host]\ntimeout = 5\n[salesforce]\nclient_id = x\n");
  ::chmod(plain.c_str(), 0644);
  EXPECT_EQ(load_host_config(plain).timeout_seconds, 5);
  std::filesystem::remove(p);
  std::filesystem::remove(plain);
}

TEST(HostConfigTest, UnknownHostAndServeKeysAreWarnedWithTheNearestKey) {
  std::string p = write_temp("typo.ini", "[host]\ncallback_prot = 1\n[serve]\nlisten = 127.0.0.1:1\npublic_ulr = x\n");
  HostConfig c = load_host_config(p);
  ASSERT_EQ(c.warnings.size(), 2u);
  EXPECT_EQ(c.warnings[0], p + ": unknown key \"callback_prot\" in [host], which nothing reads; did you mean "
                               "\"callback_port\"?");
  EXPECT_EQ(c.warnings[1],
            p + ": unknown key \"public_ulr\" in [serve], which nothing reads; did you mean \"public_url\"?");
  std::filesystem::remove(p);
}

TEST(HostConfigTest, PluginSectionsAreCheckedAgainstTheKeysTheirTypesDeclare) {
  std::string p = write_temp("plugin.ini",
                             "[salesforce]\nclient_id = x\nconsole_ulr = y\n[other]\nanything = 1\n"
                             "[salesforc]\nclient_id = z\n");
  HostConfig c = load_host_config(p);
  const std::vector<PluginConfigKeys> plugins{
      {"salesforce", {"salesforce"}, std::vector<std::string>{"client_id", "console_url"}},
      {"other", {"other_type"}, std::nullopt}};  // declares nothing: not checked
  EXPECT_EQ(
      unknown_plugin_key_warnings(c, plugins),
      (std::vector<std::string>{p + ": section [salesforc] configures no loaded plugin; did you mean [salesforce]?",
                                p + ": unknown key \"console_ulr\" in [salesforce], which nothing reads; did you mean "
                                    "\"console_url\"?"}));
  std::filesystem::remove(p);
}

TEST(HostConfigTest, NearestWordIsTheSmallestEditDistance) {
  EXPECT_EQ(nearest_word("console_ulr", {"client_id", "console_url", "ca_file"}), "console_url");
  EXPECT_EQ(nearest_word("timout", {"callback_port", "timeout"}), "timeout");
  EXPECT_EQ(nearest_word("x", {}), "");
}

}  // namespace
}  // namespace console_host
