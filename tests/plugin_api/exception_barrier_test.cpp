// The C++ layer turns every exception into a status and an error document.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "loader/plugin_registry.hpp"

namespace {

struct Call {
  console_status status;
  std::string json;
};

class ExceptionBarrier : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.load_roots({THROWER_ROOT});
    ASSERT_TRUE(registry_.rejected().empty()) << registry_.rejected()[0].reason;
    type_ = registry_.find_type("thrower");
    ASSERT_NE(type_, nullptr);
  }
  // Called after the plugin call returned (a sequence point), so *out is set.
  Call take(console_status st, char** out) {
    Call c{st, *out ? *out : ""};
    registry_.free_string(*type_, *out);
    *out = nullptr;
    return c;
  }
  static rapidjson::Document doc(const std::string& s) {
    rapidjson::Document d;
    d.Parse(s.c_str());
    return d;
  }
  console_host::PluginRegistry registry_{nullptr};
  const console_host::RegisteredType* type_ = nullptr;
};

TEST_F(ExceptionBarrier, StdExceptionBecomesInternalWithItsMessage) {
  char* out = nullptr;
  Call c = take(type_->desc.describe(type_->desc.type_data, &out), &out);
  EXPECT_EQ(c.status, CONSOLE_ERROR);
  EXPECT_EQ(c.json, R"({"schema_version":1,"code":"internal","message":"plugin failed: boom","retryable":false})");
}

TEST_F(ExceptionBarrier, ConsoleErrorKeepsCodeFieldRetryableAndDetail) {
  console_session* s = nullptr;
  char* out = nullptr;
  ASSERT_EQ(take(type_->desc.session_open(type_->desc.type_data, "{}", nullptr, &s, &out), &out).status, CONSOLE_OK);
  Call c = take(type_->desc.session_submit(s, "environment", "{}", &out), &out);
  EXPECT_EQ(c.status, CONSOLE_ERROR);
  EXPECT_EQ(c.json, R"({"schema_version":1,"code":"invalid_input","message":"the step 'environment' is wrong",)"
                    R"("field":"environment","retryable":false,"detail":{"hint":"use another step"}})");
  c = take(type_->desc.action_run(type_->desc.type_data, "{}", "refresh", "{}", nullptr, &out), &out);
  EXPECT_EQ(doc(c.json)["code"].GetString(), std::string("rate_limited"));
  EXPECT_TRUE(doc(c.json)["retryable"].GetBool());
  type_->desc.session_close(s);
}

TEST_F(ExceptionBarrier, NonStandardThrowBecomesInternal) {
  console_session* s = nullptr;
  char* out = nullptr;
  ASSERT_EQ(take(type_->desc.session_open(type_->desc.type_data, "{}", nullptr, &s, &out), &out).status, CONSOLE_OK);
  Call c = take(type_->desc.session_callback(s, "http://127.0.0.1/cb?code=x", &out), &out);
  EXPECT_EQ(c.status, CONSOLE_ERROR);
  EXPECT_EQ(doc(c.json)["message"].GetString(), std::string("plugin failed with an unknown exception"));
  c = take(type_->desc.session_result(s, &out), &out);
  EXPECT_EQ(doc(c.json)["message"].GetString(), std::string("plugin failed: not finished"));
  type_->desc.session_close(s);
}

TEST_F(ExceptionBarrier, OutOfMemoryReturnsErrorWithoutADocument) {
  console_session* s = nullptr;
  char* out = nullptr;
  ASSERT_EQ(take(type_->desc.session_open(type_->desc.type_data, "{}", nullptr, &s, &out), &out).status, CONSOLE_OK);
  out = reinterpret_cast<char*>(0x1);  // must be overwritten
  EXPECT_EQ(type_->desc.session_submit(s, "bad_alloc", "{}", &out), CONSOLE_ERROR);
  EXPECT_EQ(out, nullptr);
  type_->desc.session_close(s);
}

TEST_F(ExceptionBarrier, MalformedContextIsAFieldlessInvalidInput) {
  console_session* s = reinterpret_cast<console_session*>(0x1);
  char* out = nullptr;
  Call c = take(type_->desc.session_open(type_->desc.type_data, "{not json", nullptr, &s, &out), &out);
  EXPECT_EQ(c.status, CONSOLE_ERROR);
  EXPECT_EQ(s, nullptr);
  EXPECT_EQ(doc(c.json)["message"].GetString(),
            std::string("the session context is not valid JSON: Missing a name for object member. at offset 1"));
}

}  // namespace
