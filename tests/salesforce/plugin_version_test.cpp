// The version the built plugin reports is the manifest's: the manifest is the
// one place it is written (plugins/salesforce/CMakeLists.txt reads it).
#include "plugin_version.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <iterator>
#include <string>

#include "console_plugin/console_plugin.h"

namespace {

rapidjson::Document manifest() {
  std::ifstream in(SALESFORCE_MANIFEST_PATH);
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  rapidjson::Document d;
  d.Parse(text.c_str());
  EXPECT_FALSE(d.HasParseError()) << SALESFORCE_MANIFEST_PATH;
  return d;
}

TEST(PluginVersion, TheLibraryReportsTheManifestsIdAndVersion) {
  const rapidjson::Document m = manifest();
  ASSERT_TRUE(m.IsObject() && m.HasMember("plugin") && m["plugin"].HasMember("version"));
  const std::string version = m["plugin"]["version"].GetString();
  const std::string id = m["plugin"]["id"].GetString();

  void* lib = dlopen(SALESFORCE_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(lib, nullptr) << dlerror();
  const auto* entry = static_cast<const console_plugin_entry_fn*>(dlsym(lib, "console_plugin_entry"));
  ASSERT_NE(entry, nullptr) << dlerror();
  console_negotiation n{};
  n.struct_size = sizeof n;
  n.host_abi_major = CONSOLE_ABI_VERSION_MAJOR;
  n.host_abi_minor = CONSOLE_ABI_VERSION_MINOR;
  const console_plugin* plugin = (*entry)(&n);
  ASSERT_NE(plugin, nullptr) << n.refusal;
  EXPECT_EQ(std::string(plugin->plugin_version), version);
  EXPECT_EQ(std::string(plugin->plugin_id), id);
  dlclose(lib);
}

TEST(PluginVersion, TheCoreIsBuiltWithTheManifestsVersion) {
  const rapidjson::Document m = manifest();
  EXPECT_EQ(std::string(SALESFORCE_PLUGIN_VERSION), m["plugin"]["version"].GetString());
  EXPECT_EQ(std::string(SALESFORCE_PLUGIN_ID), m["plugin"]["id"].GetString());
}

}  // namespace
