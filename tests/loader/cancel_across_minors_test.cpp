// Cancellation across minors, in this host (ABI 1.2) with its own services
// and client: a plugin of 1.2 that is cancelled says "cancelled", which the
// host maps to the cancelled exit code; a plugin of 1.1 (built to pretend
// it is one) negotiates 1.1, sees is_cancelled, and says "conflict", the
// code it has: the host takes it at its word.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <string>

#include "host_error.hpp"
#include "host_services.hpp"
#include "loader/plugin_registry.hpp"
#include "plugin/connector_type_client.hpp"

namespace {
namespace fs = std::filesystem;
using namespace console_host;

const fs::path kFixture = FIXTURE_DIR;

class CancelAcrossMinors : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("cancel_across_minors_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "plugins");
    fs::create_directories(root_ / "manifests");
    for (const std::string t : {"tp_cancel_v1_1", "tp_cancel_v1_2"}) {
      fs::copy_file(kFixture / "plugins" / ("lib" + t + ".so"), root_ / "plugins" / ("lib" + t + ".so"));
      fs::copy_file(kFixture / "manifests" / (t + ".json"), root_ / "manifests" / (t + ".json"));
    }
    registry_.load_roots({root_.string()});
    ASSERT_TRUE(registry_.rejected().empty()) << registry_.rejected()[0].reason;
  }
  void TearDown() override { fs::remove_all(root_); }

  const LoadedPlugin& plugin(const std::string& id) const {
    for (const auto& p : registry_.plugins())
      if (p->id == id) return *p;
    throw std::runtime_error("not loaded: " + id);
  }
  // Runs `action` on `type` through the host's client; the error code or "ok".
  std::string run(const std::string& type, const std::string& action) {
    const RegisteredType* t = registry_.find_type(type);
    EXPECT_NE(t, nullptr);
    ConnectorTypeClient client(t->desc, [this, t](char* s) { registry_.free_string(*t, s); });
    CallContext call{"test/" + type};
    ActionOutcome out = client.run_action("{}", action, "{}", &call);
    if (out.ok) return "ok";
    rapidjson::Document d;
    d.Parse(out.document.c_str());
    return d["code"].GetString();
  }

  HostConfig config_;
  Redactor redactor_;
  HostServices services_{config_, redactor_};
  PluginRegistry registry_{[this](const std::string& id) { return services_.table_for(id); }};
  fs::path root_;
};

TEST_F(CancelAcrossMinors, EachPluginNegotiatesItsOwnMinorAndSeesIsCancelled) {
  EXPECT_EQ(plugin("cancel12").abi_minor, 2u);
  EXPECT_EQ(plugin("cancel11").abi_minor, 1u);
  for (const std::string type : {"cancel11", "cancel12"}) {
    const RegisteredType* t = registry_.find_type(type);
    char* out = nullptr;
    ASSERT_EQ(t->desc.describe(t->desc.type_data, &out), CONSOLE_OK);
    EXPECT_NE(std::string(out).find("\"host_has_is_cancelled\":true"), std::string::npos) << out;
    registry_.free_string(*t, out);
  }
}

// The cancel flag is process-wide and stays set: one test does it all.
TEST_F(CancelAcrossMinors, CancelledSaysCancelledToThisHostAndAnOlderPluginSaysConflict) {
  ASSERT_FALSE(cancel_requested());
  EXPECT_EQ(run("cancel12", "stop"), "ok");  // not cancelled: the change is made
  EXPECT_EQ(run("cancel11", "stop"), "ok");
  request_cancel();
  EXPECT_EQ(run("cancel12", "stop"), "cancelled");
  EXPECT_EQ(exit_code_for_plugin_error("cancelled"), ExitCode::kCancelled);
  EXPECT_EQ(run("cancel11", "stop"), "conflict");
  EXPECT_EQ(exit_code_for_plugin_error("conflict"), ExitCode::kConflict);
}

}  // namespace
