// The C++ layer keeps the C contract of console_plugin.h: the negotiation
// follows the header's refusal rule, a broken call (NULL required argument,
// struct_size too small) is CONSOLE_MISUSE with an error document, and a
// cancelled call says "cancelled" only to a host that negotiated minor >= 2.
// Calls go through the same C function pointers a host gets.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstring>
#include <string>
#include <vector>

#include "console_plugin/console_plugin.hpp"

namespace {

class EchoSession : public console::Session {
 public:
  std::string submit(const std::string& step, const std::string& answers) override {
    return R"({"schema_version":1,"status":"ok","step":")" + step + R"(","answers":)" + answers + "}";
  }
  std::string callback(const std::string& url) override { return R"({"url":")" + url + "\"}"; }
  std::string result() override { return "{}"; }
};

// "stop" polls cancellation the way the Salesforce plugin does between changes.
class CancellableType : public console::ConnectorType {
 public:
  explicit CancellableType(console::Host& host) : host_(host) {}
  const char* type_id() const override { return "cancellable"; }
  const char* display_name() const override { return "Cancellable"; }
  std::string describe() override { return R"({"schema_version":1,"steps":[]})"; }
  std::unique_ptr<console::Session> open(const std::string&, console::CallContext, std::string& first) override {
    first = R"({"schema_version":1,"status":"ok","step":"one","complete":false})";
    return std::make_unique<EchoSession>();
  }
  std::string run_action(const std::string&, const std::string& action, const std::string&,
                         console::CallContext call) override {
    if (action == "stop" && host_.cancelled(call))
      throw console::Error(host_.cancelled_code(), "stopped before the next change; in place: nothing");
    return R"({"schema_version":1,"minor":)" + std::to_string(host_.abi_minor()) + "}";
  }

 private:
  console::Host& host_;
};

class TestPlugin : public console::Plugin {
 public:
  void init(console::Host& host, console::TypeList& types) override {
    types.push_back(std::make_unique<CancellableType>(host));
  }
};

const console_plugin kTable = {sizeof(console_plugin),
                               CONSOLE_ABI_VERSION_MAJOR,
                               CONSOLE_ABI_VERSION_MINOR,
                               0,
                               "contract",
                               "1.0.0",
                               &console::detail::init<TestPlugin>,
                               &console::detail::shutdown,
                               &console::detail::free_string};

std::vector<console_connector_type> g_registered;
console_status keep_type(void*, const console_connector_type* t, uint32_t size) {
  console_connector_type copy{};
  std::memcpy(&copy, t, std::min<size_t>(size, sizeof copy));
  g_registered.push_back(copy);
  return CONSOLE_OK;
}
int32_t always_cancelled(void*, void*) { return 1; }

std::string take(char*& s) {
  std::string copy = s ? s : "";
  console::detail::free_string(s);
  s = nullptr;
  return copy;
}

std::string code_of(const std::string& doc) {
  rapidjson::Document d;
  d.Parse(doc.c_str());
  return d.IsObject() && d.HasMember("code") ? d["code"].GetString() : "(no document: " + doc + ")";
}

console_negotiation offer(uint32_t major, uint32_t minor) {
  console_negotiation n{};
  n.struct_size = sizeof n;
  n.host_abi_major = major;
  n.host_abi_minor = minor;
  return n;
}

// A host of ABI 1.<minor>: negotiates, then inits with a services table of
// that minor's size (a 1.0 table has no is_cancelled).
class Contract : public ::testing::Test {
 protected:
  void start(uint32_t host_minor) {
    console_negotiation n = offer(1, host_minor);
    ASSERT_EQ(console::detail::negotiate(&n, &kTable), &kTable) << n.refusal;
    services_.struct_size = host_minor >= 1 ? sizeof services_ : offsetof(console_host_services, is_cancelled);
    services_.config_json = "{}";
    services_.is_cancelled = &always_cancelled;
    registrar_.struct_size = sizeof registrar_;
    registrar_.register_type = &keep_type;
    g_registered.clear();
    char* out = nullptr;
    ASSERT_EQ(kTable.init(&services_, &registrar_, &out), CONSOLE_OK) << take(out);
    ASSERT_EQ(g_registered.size(), 1u);
    type_ = g_registered[0];
  }
  void TearDown() override { kTable.shutdown(); }

  console_host_services services_{};
  console_registrar registrar_{};
  console_connector_type type_{};
};

// --- the values every plugin and host compiled against any 1.x agree on ----
// (the ABI gate, tests/abi, also compares them with the committed baseline)

TEST(AbiValues, StatusCodesLogLevelsAndErrorCodesAreWhatV1Defines) {
  EXPECT_EQ(CONSOLE_OK, 0);
  EXPECT_EQ(CONSOLE_ERROR, 1);
  EXPECT_EQ(CONSOLE_MISUSE, 2);
  EXPECT_EQ(CONSOLE_LOG_DEBUG, 10);
  EXPECT_EQ(CONSOLE_LOG_INFO, 20);
  EXPECT_EQ(CONSOLE_LOG_WARN, 30);
  EXPECT_EQ(CONSOLE_LOG_ERROR, 40);
  EXPECT_STREQ(CONSOLE_ERR_INVALID_INPUT, "invalid_input");
  EXPECT_STREQ(CONSOLE_ERR_AUTH_REQUIRED, "auth_required");
  EXPECT_STREQ(CONSOLE_ERR_AUTH_DENIED, "auth_denied");
  EXPECT_STREQ(CONSOLE_ERR_PERMISSION_MISSING, "permission_missing");
  EXPECT_STREQ(CONSOLE_ERR_RATE_LIMITED, "rate_limited");
  EXPECT_STREQ(CONSOLE_ERR_REMOTE_ERROR, "remote_error");
  EXPECT_STREQ(CONSOLE_ERR_NETWORK, "network");
  EXPECT_STREQ(CONSOLE_ERR_CONFLICT, "conflict");
  EXPECT_STREQ(CONSOLE_ERR_UNSUPPORTED, "unsupported");
  EXPECT_STREQ(CONSOLE_ERR_INTERNAL, "internal");
  EXPECT_STREQ(CONSOLE_ERR_CANCELLED, "cancelled");
  EXPECT_STREQ(CONSOLE_PLUGIN_ENTRY_SYMBOL, "console_plugin_entry");
  EXPECT_EQ(CONSOLE_ABI_VERSION_MAJOR, 1);
  EXPECT_EQ(CONSOLE_ABI_VERSION_MINOR, 2);
}

// --- negotiation: the rule written in console_plugin.h ---------------------

TEST(Negotiation, AnotherMajorIsRefusedWithBothVersionsNamed) {
  console_negotiation n = offer(2, 0);
  EXPECT_EQ(console::detail::negotiate(&n, &kTable), nullptr);
  EXPECT_STREQ(n.refusal, "plugin speaks ABI 1.2 but the host offers ABI 2.0");
}

TEST(Negotiation, AHostOlderThanTheOldestMinorThePluginAcceptsIsRefused) {
  console_negotiation n = offer(1, 1);
  EXPECT_EQ(console::detail::negotiate(&n, &kTable, 2), nullptr);
  EXPECT_STREQ(n.refusal, "plugin needs ABI 1.2 or newer but the host offers ABI 1.1");
  n = offer(1, 2);
  EXPECT_EQ(console::detail::negotiate(&n, &kTable, 2), &kTable);
}

TEST(Negotiation, ChoosesTheSameMajorAndTheSmallerMinor) {
  for (uint32_t host_minor : {0u, 1u, 2u, 7u}) {
    console_negotiation n = offer(1, host_minor);
    ASSERT_EQ(console::detail::negotiate(&n, &kTable), &kTable) << host_minor;
    EXPECT_EQ(n.chosen_abi_major, 1u);
    EXPECT_EQ(n.chosen_abi_minor, std::min<uint32_t>(host_minor, CONSOLE_ABI_VERSION_MINOR));
    EXPECT_EQ(n.refusal[0], '\0');
  }
}

TEST(Negotiation, ANullOrTooSmallNegotiationGetsNullAndNothingWritten) {
  EXPECT_EQ(console::detail::negotiate(nullptr, &kTable), nullptr);
  console_negotiation n = offer(1, 2);
  n.struct_size = offsetof(console_negotiation, refusal);
  EXPECT_EQ(console::detail::negotiate(&n, &kTable), nullptr);
  EXPECT_EQ(n.chosen_abi_major, 0u);
  EXPECT_EQ(n.refusal[0], '\0');
}

// --- cancellation across minors --------------------------------------------

// What a plugin of 1.2 answers, by the host's minor, when it is asked to
// stop: the code the host knows for it, and the minor the plugin saw.
struct StopCase {
  const char* name;
  uint32_t host_minor;
  console_status status;
  std::string code;  // of the error document; "" when the call succeeds
};

class ContractByMinor : public Contract, public ::testing::WithParamInterface<StopCase> {};

TEST_P(ContractByMinor, APluginOf12StopsWithTheCodeTheHostKnows) {
  const StopCase& c = GetParam();
  start(c.host_minor);
  char* out = nullptr;
  EXPECT_EQ(type_.action_run(type_.type_data, "{}", "minor", "{}", nullptr, &out), CONSOLE_OK);
  EXPECT_EQ(take(out), R"({"schema_version":1,"minor":)" + std::to_string(c.host_minor) + "}");
  EXPECT_EQ(type_.action_run(type_.type_data, "{}", "stop", "{}", nullptr, &out), c.status);
  if (c.status == CONSOLE_OK)
    EXPECT_EQ(take(out), R"({"schema_version":1,"minor":)" + std::to_string(c.host_minor) + "}");
  else
    EXPECT_EQ(code_of(take(out)), c.code);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, ContractByMinor,
    ::testing::Values(StopCase{"SaysCancelledToA12Host", 2, CONSOLE_ERROR, CONSOLE_ERR_CANCELLED},
                      StopCase{"KeepsSayingConflictToA11Host", 1, CONSOLE_ERROR, CONSOLE_ERR_CONFLICT},
                      StopCase{"CancelsNothingForA10HostWhichHasNoCancellation", 0, CONSOLE_OK, ""}),
    [](const ::testing::TestParamInfo<StopCase>& i) { return std::string(i.param.name); });

// --- CONSOLE_MISUSE where the contract is broken -----------------------------

TEST_F(Contract, NullRequiredArgumentsAreMisuseWithAnErrorDocument) {
  start(2);
  char* out = nullptr;
  console_session* s = reinterpret_cast<console_session*>(0x1);
  EXPECT_EQ(type_.session_open(type_.type_data, nullptr, nullptr, &s, &out), CONSOLE_MISUSE);
  EXPECT_EQ(s, nullptr);  // out-parameters are set on failure too
  EXPECT_EQ(
      take(out),
      R"j({"schema_version":1,"code":"invalid_input","message":"session_open: context_json is required (NULL given)","retryable":false})j");
  EXPECT_EQ(type_.session_open(type_.type_data, "{}", nullptr, nullptr, &out), CONSOLE_MISUSE);
  EXPECT_EQ(code_of(take(out)), "invalid_input");
  EXPECT_EQ(type_.describe(nullptr, &out), CONSOLE_MISUSE);
  EXPECT_EQ(code_of(take(out)), "invalid_input");
  EXPECT_EQ(type_.describe(type_.type_data, nullptr), CONSOLE_MISUSE);
  EXPECT_EQ(type_.action_run(type_.type_data, "{}", nullptr, "{}", nullptr, &out), CONSOLE_MISUSE);
  EXPECT_EQ(code_of(take(out)), "invalid_input");
  EXPECT_EQ(type_.action_run(type_.type_data, "{}", "minor", "{}", nullptr, nullptr), CONSOLE_MISUSE);

  EXPECT_EQ(type_.session_submit(nullptr, "one", "{}", &out), CONSOLE_MISUSE);
  EXPECT_EQ(code_of(take(out)), "invalid_input");
  EXPECT_EQ(type_.session_callback(nullptr, "http://x/", &out), CONSOLE_MISUSE);
  EXPECT_EQ(code_of(take(out)), "invalid_input");
  EXPECT_EQ(type_.session_result(nullptr, &out), CONSOLE_MISUSE);
  EXPECT_EQ(code_of(take(out)), "invalid_input");

  ASSERT_EQ(type_.session_open(type_.type_data, "{}", nullptr, &s, &out), CONSOLE_OK);
  take(out);
  EXPECT_EQ(type_.session_submit(s, nullptr, "{}", &out), CONSOLE_MISUSE);
  EXPECT_EQ(code_of(take(out)), "invalid_input");
  EXPECT_EQ(type_.session_callback(s, nullptr, &out), CONSOLE_MISUSE);
  EXPECT_EQ(code_of(take(out)), "invalid_input");
  EXPECT_EQ(type_.session_submit(s, "one", "{}", nullptr), CONSOLE_MISUSE);
  // What may be NULL is read as "{}", as the header says.
  EXPECT_EQ(type_.session_submit(s, "one", nullptr, &out), CONSOLE_OK);
  EXPECT_EQ(take(out), R"({"schema_version":1,"status":"ok","step":"one","answers":{}})");
  EXPECT_EQ(type_.action_run(type_.type_data, nullptr, "minor", nullptr, nullptr, &out), CONSOLE_OK);
  take(out);
  type_.session_close(s);
  type_.session_close(nullptr);  // a no-op
}

TEST(ContractInit, NullOrTooSmallTablesAreMisuse) {
  console_negotiation n = offer(1, 2);
  ASSERT_EQ(console::detail::negotiate(&n, &kTable), &kTable);
  console_host_services services{};
  services.struct_size = sizeof services;
  console_registrar registrar{};
  registrar.struct_size = sizeof registrar;
  registrar.register_type = &keep_type;
  char* out = nullptr;

  EXPECT_EQ(kTable.init(nullptr, &registrar, &out), CONSOLE_MISUSE);
  EXPECT_EQ(
      take(out),
      R"j({"schema_version":1,"code":"invalid_input","message":"init: services is required (NULL given)","retryable":false})j");
  EXPECT_EQ(kTable.init(&services, nullptr, &out), CONSOLE_MISUSE);
  EXPECT_EQ(code_of(take(out)), "invalid_input");
  EXPECT_EQ(kTable.init(&services, &registrar, nullptr), CONSOLE_MISUSE);

  services.struct_size = 8;
  EXPECT_EQ(kTable.init(&services, &registrar, &out), CONSOLE_MISUSE);
  EXPECT_EQ(
      take(out),
      R"j({"schema_version":1,"code":"invalid_input","message":"init: services.struct_size is 8; at least 48 (ABI 1.0) is required","retryable":false})j");
  services.struct_size = sizeof services;
  registrar.struct_size = 4;
  EXPECT_EQ(kTable.init(&services, &registrar, &out), CONSOLE_MISUSE);
  EXPECT_EQ(code_of(take(out)), "invalid_input");
  registrar.struct_size = sizeof registrar;
  registrar.register_type = nullptr;
  EXPECT_EQ(kTable.init(&services, &registrar, &out), CONSOLE_MISUSE);
  EXPECT_EQ(code_of(take(out)), "invalid_input");

  // A v1.0-sized services table is enough; init twice is a misuse.
  registrar.register_type = &keep_type;
  services.struct_size = offsetof(console_host_services, is_cancelled);
  ASSERT_EQ(kTable.init(&services, &registrar, &out), CONSOLE_OK) << take(out);
  EXPECT_EQ(kTable.init(&services, &registrar, &out), CONSOLE_MISUSE);
  EXPECT_EQ(code_of(take(out)), "invalid_input");
  kTable.shutdown();
}

}  // namespace
