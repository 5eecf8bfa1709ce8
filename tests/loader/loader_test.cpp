// The loader's contract: good plugins load whatever minor they were built
// for; every bad manifest or library is reported by path, field and reason,
// and the other plugins still load; libraries are never unloaded.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <string>
#include <vector>

#include "loader/manifest.hpp"
#include "loader/plugin_registry.hpp"

// Lets one test make one allocation fail (g_fail_next_allocation below).
namespace {
extern bool g_fail_next_allocation;
}
void* operator new(std::size_t size) {
  if (g_fail_next_allocation) {
    g_fail_next_allocation = false;
    throw std::bad_alloc();
  }
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {
namespace fs = std::filesystem;
using console_host::PluginRegistry;

const fs::path kFixture = FIXTURE_DIR;

// A fresh plugin root (<root>/manifests, <root>/plugins) per test.
class Root {
 public:
  Root() {
    char tmpl[] = "/tmp/loader_test.XXXXXX";
    path_ = mkdtemp(tmpl);
    fs::create_directories(path_ / "manifests");
    fs::create_directories(path_ / "plugins");
  }
  ~Root() { fs::remove_all(path_); }
  // Copies a fixture plugin (library and manifest) into the root.
  void add(const std::string& target) {
    add_library(target);
    add_manifest(target);
  }
  void add_library(const std::string& target) {
    fs::copy_file(kFixture / "plugins" / ("lib" + target + ".so"), lib(target));
  }
  void add_manifest(const std::string& target) {
    fs::copy_file(kFixture / "manifests" / (target + ".json"), manifest(target));
  }
  void write_manifest(const std::string& name, const std::string& text) { std::ofstream(manifest(name)) << text; }
  std::string read_manifest(const std::string& name) const {
    std::ifstream in(manifest(name));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  fs::path lib(const std::string& target) const { return path_ / "plugins" / ("lib" + target + ".so"); }
  fs::path manifest(const std::string& name) const { return path_ / "manifests" / (name + ".json"); }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string describe(const PluginRegistry& reg, const std::string& type_id) {
  const auto* t = reg.find_type(type_id);
  if (!t) return "";
  char* out = nullptr;
  EXPECT_EQ(t->desc.describe(t->desc.type_data, &out), CONSOLE_OK);
  std::string s = out ? out : "";
  reg.free_string(*t, out);
  return s;
}

std::vector<std::string> loaded_ids(const PluginRegistry& reg) {
  std::vector<std::string> ids;
  for (const auto& p : reg.plugins()) ids.push_back(p->id);
  return ids;
}

TEST(Loader, LoadsGoodPluginsAndRegistersTheirTypes) {
  Root root;
  root.add("tp_alpha");
  root.add("tp_beta");
  PluginRegistry reg(nullptr);
  reg.load_roots({root.str()});
  EXPECT_TRUE(reg.rejected().empty());
  EXPECT_EQ(loaded_ids(reg), (std::vector<std::string>{"alpha", "beta"}));
  ASSERT_NE(reg.find_type("alpha"), nullptr);
  EXPECT_STREQ(reg.find_type("alpha")->desc.display_name, "Test alpha");
  EXPECT_EQ(reg.plugins()[0]->abi_major, 1u);
  EXPECT_EQ(reg.plugins()[0]->abi_minor, console_host::kHostAbiMinor);
  EXPECT_NE(describe(reg, "alpha").find("\"host_has_is_cancelled\":true"), std::string::npos);
}

TEST(Loader, PluginBuiltAgainstANewerMinorLoadsAndItsExtraFieldsAreDropped) {
  Root root;
  root.add("tp_newer");
  PluginRegistry reg(nullptr);
  reg.load_roots({root.str()});
  ASSERT_TRUE(reg.rejected().empty()) << reg.rejected()[0].reason;
  ASSERT_EQ(loaded_ids(reg), std::vector<std::string>{"newer"});
  // The plugin speaks 1.3; the host 1.2: they agree on the host's minor.
  EXPECT_EQ(reg.plugins()[0]->abi_minor, console_host::kHostAbiMinor);
  const auto* t = reg.find_type("newer");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->desc.struct_size, sizeof(console_connector_type));
  EXPECT_NE(describe(reg, "newer").find("\"abi_minor_built\":3"), std::string::npos);
}

TEST(Loader, PluginBuiltAgainstAnOlderMinorLoads) {
  Root root;
  root.add("tp_older");
  PluginRegistry reg(nullptr);
  reg.load_roots({root.str()});
  ASSERT_TRUE(reg.rejected().empty()) << reg.rejected()[0].reason;
  ASSERT_EQ(loaded_ids(reg), std::vector<std::string>{"older"});
  EXPECT_EQ(reg.plugins()[0]->abi_minor, 0u);
  const std::string schema = describe(reg, "older");
  EXPECT_NE(schema.find("\"abi_minor_built\":0"), std::string::npos);
}

// One bad plugin next to a good one: the bad one is reported exactly, the good one loads.
struct BadCase {
  const char* name;
  void (*arrange)(Root&);
  const char* manifest;  // the manifest file name at fault (without .json)
  const char* field;
  std::string (*reason)(const Root&);
};

std::string sha_of(const fs::path& p) { return console_host::file_sha256(p.string()); }

// Copies a fixture plugin into the root with its manifest edited by `edit`.
void add_edited(Root& r, const std::string& target, void (*edit)(rapidjson::Document&)) {
  r.add(target);
  rapidjson::Document m;
  m.Parse(r.read_manifest(target).c_str());
  edit(m);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  m.Accept(w);
  r.write_manifest(target, buf.GetString());
}

const BadCase kBadCases[] = {
    {"UnsupportedMajorInManifest", [](Root& r) { r.add("tp_major2"); }, "tp_major2", "abi",
     [](const Root&) { return std::string("plugin needs ABI 2.0 or a newer minor, but this host speaks ABI 1.2"); }},
    {"PluginRefusesTheHostsMajor", [](Root& r) { r.add("tp_refuser"); }, "tp_refuser", "entry",
     [](const Root&) {
       return std::string("plugin refused to load: plugin speaks ABI 2.2 but the host offers ABI 1.2");
     }},
    {"EntryPointFails", [](Root& r) { r.add("tp_entry_fails"); }, "tp_entry_fails", "entry",
     [](const Root&) { return std::string("entry point returned no plugin table (no reason given)"); }},
    {"InitFails", [](Root& r) { r.add("tp_init_fails"); }, "tp_init_fails", "init",
     [](const Root&) { return std::string("plugin init failed: internal: cannot start: the test asked me to fail"); }},
    {"NoEntrySymbol", [](Root& r) { r.add("tp_no_entry"); }, "tp_no_entry", "entry",
     [](const Root& r) { return r.lib("tp_no_entry").string() + " has no 'console_plugin_entry' symbol"; }},
    {"TypeMissingARequiredCallback", [](Root& r) { r.add("tp_missing_callback"); }, "tp_missing_callback", "types",
     [](const Root&) { return std::string("connector type 'missingcb' is missing required member 'action_run'"); }},
    {"MissingLibraryFile", [](Root& r) { r.add_manifest("tp_beta"); }, "tp_beta", "library.file",
     [](const Root& r) { return "library not found: " + r.lib("tp_beta").string(); }},
    {"ChecksumMismatch",
     [](Root& r) {
       r.add("tp_beta");
       std::ofstream(r.lib("tp_beta"), std::ios::app) << "tampered";
     },
     "tp_beta", "library.sha256",
     [](const Root& r) {
       rapidjson::Document m;
       m.Parse(r.read_manifest("tp_beta").c_str());
       const std::string expected = m["library"]["sha256"].GetString();
       return "checksum mismatch for " + r.lib("tp_beta").string() + ": manifest says " + expected +
              ", the file's SHA-256 is " + sha_of(r.lib("tp_beta"));
     }},
    {"NotALibrary",
     [](Root& r) {
       std::ofstream(r.lib("tp_beta")) << "this is not an ELF file";
       r.write_manifest(
           "tp_beta",
           "{\"manifest_version\":1,\"plugin\":{\"id\":\"beta\",\"display_name\":\"B\",\"version\":\"1.0.0\"},"
           "\"abi\":{\"major\":1,\"min_minor\":0},\"library\":{\"file\":\"libtp_beta.so\",\"sha256\":\"" +
               sha_of(r.lib("tp_beta")) + "\"},\"types\":[\"beta\"]}");
     },
     "tp_beta", "library.file", [](const Root& r) { return "cannot load " + r.lib("tp_beta").string() + ": "; }},
    {"MalformedJson", [](Root& r) { r.write_manifest("broken", "{ \"manifest_version\": 1,, }"); }, "broken",
     "(document)",
     [](const Root&) { return std::string("not valid JSON: Missing a name for object member. at offset 24"); }},
    {"MissingRequiredField",
     [](Root& r) {
       r.write_manifest(
           "partial",
           "{\"manifest_version\":1,\"plugin\":{\"id\":\"partial\",\"display_name\":\"P\",\"version\":\"1.0.0\"},"
           "\"abi\":{\"major\":1,\"min_minor\":0},\"types\":[\"partial\"]}");
     },
     "partial", "library", [](const Root&) { return std::string("required field is missing"); }},
    {"FieldOfTheWrongType",
     [](Root& r) {
       r.write_manifest("wrongtype",
                        "{\"manifest_version\":1,\"plugin\":{\"id\":\"wt\",\"display_name\":\"W\",\"version\":1}}");
     },
     "wrongtype", "plugin.version", [](const Root&) { return std::string("must be a string, not a number"); }},
    {"VersionIsNotSemver",
     [](Root& r) {
       r.write_manifest(
           "semver", "{\"manifest_version\":1,\"plugin\":{\"id\":\"sv\",\"display_name\":\"S\",\"version\":\"1.0\"}}");
     },
     "semver", "plugin.version",
     [](const Root&) { return std::string("'1.0' is not a semantic version (MAJOR.MINOR.PATCH)"); }},
    // Once crashed the host: std::regex_match recursed once per digit.
    {"VersionOfAHundredThousandDigits",
     [](Root& r) {
       r.write_manifest("longversion",
                        "{\"manifest_version\":1,\"plugin\":{\"id\":\"lv\",\"display_name\":\"L\","
                        "\"version\":\"" +
                            std::string(100000, '1') + "\"}}");
     },
     "longversion", "plugin.version",
     [](const Root&) {
       return "'" + std::string(80, '1') +
              "... [99920 more bytes not shown]' is not a semantic version (MAJOR.MINOR.PATCH)";
     }},
    // Once crashed the host: RapidJSON's recursive parser.
    {"NestedAMillionLevelsDeep",
     [](Root& r) { r.write_manifest("deep", std::string(500000, '[') + std::string(500000, ']')); }, "deep",
     "(document)", [](const Root&) { return std::string("is nested deeper than 64 levels"); }},
    {"LargerThanAManifestMayBe",
     [](Root& r) { r.write_manifest("huge", "{\"pad\":\"" + std::string(1100000, 'x') + "\"}"); }, "huge", "(document)",
     [](const Root&) { return std::string("is larger than 1024 KB"); }},
    {"LibraryPathEscapesThePluginDirectory",
     [](Root& r) {
       r.write_manifest(
           "escape",
           "{\"manifest_version\":1,\"plugin\":{\"id\":\"esc\",\"display_name\":\"E\",\"version\":\"1.0.0\"},"
           "\"abi\":{\"major\":1,\"min_minor\":0},\"library\":{\"file\":\"../evil.so\",\"sha256\":\"00\"}}");
     },
     "escape", "library.file",
     [](const Root&) { return std::string("'../evil.so' must be a plain file name inside the plugin directory"); }},
    {"DuplicatePluginId", [](Root& r) { r.add("tp_dup_id"); }, "tp_dup_id", "plugin.id",
     [](const Root& r) {
       return "duplicate plugin id 'alpha' (already loaded from " + r.manifest("tp_alpha").string() + ")";
     }},
    {"DuplicateTypeId", [](Root& r) { r.add("tp_dup_type"); }, "tp_dup_type", "types",
     [](const Root& r) {
       return "duplicate connector type 'alpha' (already provided by " + r.manifest("tp_alpha").string() + ")";
     }},
    {"ManifestCannotBeRead", [](Root& r) { fs::create_symlink(r.str() + "/nowhere.json", r.manifest("dangling")); },
     "dangling", "(file)", [](const Root&) { return std::string("cannot read the manifest"); }},
    {"ManifestNeedsANewerMinor",
     [](Root& r) { add_edited(r, "tp_beta", [](rapidjson::Document& m) { m["abi"]["min_minor"].SetUint(3); }); },
     "tp_beta", "abi",
     [](const Root&) { return std::string("plugin needs ABI 1.3 or a newer minor, but this host speaks ABI 1.2"); }},
    // As root every file reads; /proc/self/mem is a regular file whose first page never does.
    {"LibraryCannotBeRead",
     [](Root& r) {
       r.add_manifest("tp_beta");
       fs::create_symlink("/proc/self/mem", r.lib("tp_beta"));
     },
     "tp_beta", "library.file", [](const Root& r) { return "cannot read library " + r.lib("tp_beta").string(); }},
    {"EntrySymbolHoldsNull", [](Root& r) { r.add("tp_null_entry"); }, "tp_null_entry", "entry",
     [](const Root&) { return std::string("'console_plugin_entry' is NULL"); }},
    {"PluginTableWithoutFreeString", [](Root& r) { r.add("tp_incomplete_table"); }, "tp_incomplete_table", "entry",
     [](const Root&) {
       return std::string("plugin table is incomplete (struct_size 56, init/shutdown/free_string required)");
     }},
    {"PluginChoosesAMinorTheHostDoesNotSpeak", [](Root& r) { r.add("tp_chooses_too_new"); }, "tp_chooses_too_new",
     "abi", [](const Root&) { return std::string("plugin chose ABI 1.3 but this host speaks ABI 1.2"); }},
    {"LibraryCallsItselfByAnotherId",
     [](Root& r) { add_edited(r, "tp_beta", [](rapidjson::Document& m) { m["plugin"]["id"].SetString("notbeta"); }); },
     "tp_beta", "plugin.id",
     [](const Root&) { return std::string("manifest says 'notbeta' but the library calls itself 'beta'"); }},
    {"LibraryIsAnotherVersion",
     [](Root& r) {
       add_edited(r, "tp_beta", [](rapidjson::Document& m) { m["plugin"]["version"].SetString("1.0.1"); });
     },
     "tp_beta", "plugin.version",
     [](const Root&) { return std::string("manifest says '1.0.1' but the library is version '1.0.0'"); }},
    {"RegistersANullDescriptor", [](Root& r) { r.add("tp_null_descriptor"); }, "tp_null_descriptor", "types",
     [](const Root&) { return std::string("register_type was given a NULL descriptor"); }},
    {"RegistersATooSmallDescriptor", [](Root& r) { r.add("tp_small_descriptor"); }, "tp_small_descriptor", "types",
     [](const Root&) { return std::string("connector type descriptor is 16 bytes; at least 88 are required"); }},
    {"RegistersATypeTheManifestDoesNotDeclare",
     [](Root& r) {
       add_edited(r, "tp_beta", [](rapidjson::Document& m) {
         m["types"].Clear();
         m["types"].PushBack("delta", m.GetAllocator());
       });
     },
     "tp_beta", "types",
     [](const Root&) { return std::string("connector type 'beta' is not declared in the manifest's types"); }},
    {"RegistersItsTypeTwice", [](Root& r) { r.add("tp_registers_twice"); }, "tp_registers_twice", "types",
     [](const Root&) { return std::string("connector type 'twice' was registered twice"); }},
    {"DeclaresATypeItNeverRegisters",
     [](Root& r) {
       add_edited(r, "tp_beta", [](rapidjson::Document& m) { m["types"].PushBack("epsilon", m.GetAllocator()); });
     },
     "tp_beta", "types",
     [](const Root&) {
       return std::string("manifest declares connector type 'epsilon' but the plugin did not register it");
     }},
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class LoaderRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(LoaderRejects, ReportsPathFieldAndReasonAndStillLoadsTheOthers) {
  const BadCase& c = GetParam();
  Root root;
  root.add("tp_alpha");
  c.arrange(root);
  PluginRegistry reg(nullptr);
  reg.load_roots({root.str()});
  EXPECT_EQ(loaded_ids(reg), std::vector<std::string>{"alpha"});
  ASSERT_EQ(reg.rejected().size(), 1u);
  const auto& r = reg.rejected()[0];
  EXPECT_EQ(r.path, root.manifest(c.manifest).string());
  EXPECT_EQ(r.field, c.field);
  const std::string expected = c.reason(root);
  if (std::string(c.name) == "NotALibrary") {
    EXPECT_EQ(r.reason.rfind(expected, 0), 0u) << r.reason;  // dlerror's text follows
  } else {
    EXPECT_EQ(r.reason, expected);
  }
  EXPECT_NE(describe(reg, "alpha"), "");
}

INSTANTIATE_TEST_SUITE_P(EveryFailureMode, LoaderRejects, ::testing::ValuesIn(kBadCases),
                         [](const auto& info) { return std::string(info.param.name); });

// The registrar is a C callback: an exception inside it (here the host
// running out of memory while it copies the descriptor) must come back to
// the plugin as CONSOLE_ERROR, never unwind through the plugin's C frames.
bool g_fail_next_allocation = false;

void fail_next_allocation(void*, void*, int32_t, const char*) { g_fail_next_allocation = true; }

// The library's hash against FIPS 180-2's own vectors, so that the loader's
// checks above, which compare file_sha256 with itself, rest on a known answer.
// The million 'a's span many of its 64 KiB reads.
TEST(Loader, HashesALibraryToItsKnownSha256) {
  Root root;
  const fs::path abc = fs::path(root.str()) / "abc.bin";
  std::ofstream(abc, std::ios::binary) << "abc";
  EXPECT_EQ(sha_of(abc), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const fs::path million = fs::path(root.str()) / "million.bin";
  std::ofstream(million, std::ios::binary) << std::string(1000000, 'a');
  EXPECT_EQ(sha_of(million), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(sha_of(fs::path(root.str()) / "missing.bin"), "");
}

TEST(Loader, AnExceptionInsideRegisterTypeBecomesAnErrorAndARejection) {
  Root root;
  root.add("tp_alpha");
  root.add("tp_logs_then_registers");
  // tp_logs_then_registers logs just before register_type: the log sets the trap.
  static const console_host_services trap = {
      sizeof(console_host_services), 0, nullptr, &fail_next_allocation, nullptr, nullptr, "{}", nullptr};
  PluginRegistry reg([](const std::string& id) { return id == "logs" ? &trap : nullptr; });
  reg.load_roots({root.str()});
  EXPECT_FALSE(g_fail_next_allocation);  // the trap was sprung
  EXPECT_EQ(loaded_ids(reg), std::vector<std::string>{"alpha"});
  ASSERT_EQ(reg.rejected().size(), 1u);
  EXPECT_EQ(reg.rejected()[0].path, root.manifest("tp_logs_then_registers").string());
  EXPECT_EQ(reg.rejected()[0].field, "types");
  EXPECT_EQ(reg.rejected()[0].reason, "the host failed to register a connector type: std::bad_alloc");
}

TEST(Loader, NeverUnloadsALibraryEvenAfterTheRegistryIsGone) {
  Root root;
  root.add("tp_alpha");
  const char* type_id = nullptr;
  {
    PluginRegistry reg(nullptr);
    reg.load_roots({root.str()});
    ASSERT_NE(reg.find_type("alpha"), nullptr);
    type_id = reg.find_type("alpha")->desc.type_id;  // points into the library
  }
  void* still = dlopen(root.lib("tp_alpha").c_str(), RTLD_NOLOAD | RTLD_LAZY);
  ASSERT_NE(still, nullptr) << "the library was unmapped";
  dlclose(still);  // drops only the reference dlopen just took
  EXPECT_STREQ(type_id, "alpha");
}

TEST(Loader, CallsThroughARegisteredTypeWork) {
  Root root;
  root.add("tp_alpha");
  PluginRegistry reg(nullptr);
  reg.load_roots({root.str()});
  const auto* t = reg.find_type("alpha");
  ASSERT_NE(t, nullptr);
  console_session* s = nullptr;
  char* out = nullptr;
  ASSERT_EQ(t->desc.session_open(t->desc.type_data, "{}", nullptr, &s, &out), CONSOLE_OK);
  reg.free_string(*t, out);
  ASSERT_EQ(t->desc.session_submit(s, "only", "{\"name\":\"x\"}", &out), CONSOLE_OK);
  EXPECT_NE(std::string(out).find("\"complete\":true"), std::string::npos);
  reg.free_string(*t, out);
  EXPECT_EQ(t->desc.session_callback(s, "http://127.0.0.1/cb", &out), CONSOLE_ERROR);
  EXPECT_NE(std::string(out).find("\"code\":\"unsupported\""), std::string::npos);
  reg.free_string(*t, out);
  t->desc.session_close(s);
}

TEST(Loader, RootsComeFromTheFlagThenTheEnvironmentThenBesideTheBinary) {
  setenv("CONSOLE_PLUGIN_PATH", "/env/a:/env/b", 1);
  EXPECT_EQ(console_host::default_plugin_roots("/flag"), std::vector<std::string>{"/flag"});
  EXPECT_EQ(console_host::default_plugin_roots(""), (std::vector<std::string>{"/env/a", "/env/b"}));
  unsetenv("CONSOLE_PLUGIN_PATH");
  const auto roots = console_host::default_plugin_roots("");
  ASSERT_EQ(roots.size(), 1u);
  // The directory above the one that holds this binary (<build>/tests/loader/loader_test).
  const fs::path binary = fs::read_symlink("/proc/self/exe");
  EXPECT_TRUE(fs::equivalent(roots[0], binary.parent_path().parent_path())) << roots[0] << " for " << binary;
}

TEST(Loader, AMissingRootIsNotAnError) {
  PluginRegistry reg(nullptr);
  reg.load_roots({"/nonexistent/root"});
  EXPECT_TRUE(reg.plugins().empty());
  EXPECT_TRUE(reg.rejected().empty());
}

}  // namespace
