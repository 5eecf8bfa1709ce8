// Hostile or broken answers from "Salesforce" never crash the plugin nor
// reach the admin unbounded: each input here once crashed it (stack
// exhaustion in a recursive parser) or was shown verbatim.
#include <gtest/gtest.h>

#include <string>

#include "http_client.h"
#include "integration_fixture.h"
#include "salesforce_errors.h"

namespace sftest {
namespace {

using HostileResponses = SimTest;

// A fault rule whose answer is `body`, as the control API takes it.
std::string answer_rule(const std::string& path_prefix, int status, const std::string& content_type,
                        const std::string& body, const std::string& soap_operation = "") {
  rapidjson::Document d(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  d.AddMember("path_prefix", rapidjson::Value(path_prefix.c_str(), a), a);
  if (!soap_operation.empty()) d.AddMember("soap_operation", rapidjson::Value(soap_operation.c_str(), a), a);
  d.AddMember("status", status, a);
  d.AddMember("content_type", rapidjson::Value(content_type.c_str(), a), a);
  d.AddMember("body", rapidjson::Value(body.c_str(), static_cast<rapidjson::SizeType>(body.size()), a), a);
  d.AddMember("count", 5, a);
  return to_json(d);
}

TEST_F(HostileResponses, ATokenAnswerNestedAMillionDeepIsRefusedAsUnusable) {
  WizardRun run = complete_wizard(skip_answers());
  sim().post("/__sim/faults", answer_rule("/services/oauth2/token", 200, "application/json",
                                          std::string(1000000, '[') + std::string(1000000, ']')));
  const auto r = action(state_of(run), "refresh");
  ASSERT_TRUE(r.HasMember("error")) << to_json(r);
  EXPECT_STREQ(r["code"].GetString(), "remote_error");
  EXPECT_STREQ(r["message"].GetString(), "Salesforce's token response is not usable (not a JSON object).");
}

TEST_F(HostileResponses, AReadMetadataAnswerNested50000DeepIsRefusedAndTheOrgIsUntouched) {
  WizardRun run = complete_wizard(skip_answers());
  std::string deep;
  for (int i = 0; i < 50000; ++i) deep += "<a>";
  for (int i = 0; i < 50000; ++i) deep += "</a>";
  sim().post("/__sim/faults", answer_rule("/services/Soap/m/", 200, "text/xml;charset=UTF-8", deep, "readMetadata"));
  const auto r = action(state_of(run), "install", "{\"object\":\"Account\"}");
  ASSERT_TRUE(r.HasMember("error")) << to_json(r);
  EXPECT_STREQ(r["code"].GetString(), "remote_error");
  EXPECT_NE(std::string(r["message"].GetString())
                .find("Salesforce sent an XML response nested deeper than 128 "
                      "elements."),
            std::string::npos)
      << r["message"].GetString();
  EXPECT_FALSE(sim().state()["weblinks"].HasMember("Account.Smart_Flows"));
}

TEST_F(HostileResponses, AMegabyteErrorMessageIsCutWithANote) {
  WizardRun run = complete_wizard(skip_answers());
  const std::string huge(1024 * 1024, 'x');
  sim().post("/__sim/faults", answer_rule("/services/data/", 400, "application/json",
                                          "[{\"errorCode\":\"INVALID_TYPE\",\"message\":\"" + huge + "\"}]"));
  const auto r = action(state_of(run), "check");
  ASSERT_TRUE(r.HasMember("error")) << to_json(r).substr(0, 500);
  const std::string message = r["message"].GetString();
  EXPECT_LT(message.size(), 1500u);
  EXPECT_NE(message.find("INVALID_TYPE: " + std::string(1000, 'x') + "... [1047576 more bytes not shown]"),
            std::string::npos)
      << message;
}

TEST_F(HostileResponses, AResponseOverTheSizeLimitIsRefusedUnread) {
  salesforce::HttpClient::Options options;
  options.max_response_bytes = 100;
  salesforce::HttpClient http(options);
  try {
    http.send({"GET", sim().url() + "/services/data/", {"Accept: application/json"}, ""});
    FAIL() << "the version list is longer than 100 bytes";
  } catch (const console::Error& e) {
    EXPECT_EQ(e.code(), "remote_error");
    EXPECT_STREQ(e.what(), "Salesforce sent a response larger than 100 bytes; it was not read.");
  }
}

}  // namespace
}  // namespace sftest
