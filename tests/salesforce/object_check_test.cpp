// The object that gets the button is checked against the org after
// authorization: it must exist and have page layouts.
#include <gtest/gtest.h>

#include "integration_fixture.h"

namespace sftest {
namespace {

struct ObjectCase {
  const char* object;
  const char* message;
};

class UnusableObject : public SimTest, public ::testing::WithParamInterface<ObjectCase> {};

TEST_P(UnusableObject, SendsTheAdminBackToTheObjectFieldWithAClearError) {
  WizardAnswers a;
  a.object = GetParam().object;
  WizardRun run = run_wizard(sim(), type(), a);
  expect_sent_back(run.callback, "environment", "object", GetParam().message);
  EXPECT_EQ(sim().state()["weblinks"].MemberCount(), 3u);  // the org's own buttons only
}

INSTANTIATE_TEST_SUITE_P(
    Objects, UnusableObject,
    ::testing::Values(ObjectCase{"Foo__c",
                                 "This org has no object with the API name 'Foo__c'. Use the object's API name from "
                                 "Setup > Object Manager (custom objects end in __c), e.g. Account."},
                      ObjectCase{"AccountHistory",
                                 "'AccountHistory' has no page layouts, so it cannot show the Smart Flows button. "
                                 "Choose an object with record pages, e.g. Account."}));

using ObjectCheck = SimTest;

TEST_F(ObjectCheck, CorrectingTheObjectAfterAuthorizationNeedsNoSecondLogin) {
  WizardAnswers a;
  a.object = "Foo__c";
  WizardRun run = run_wizard(sim(), type(), a);
  ASSERT_STREQ(run.callback["status"].GetString(), "invalid");
  const int token_calls = sim().endpoint_calls("oauth.token");
  const auto r =
      parse(run.session->submit("environment", "{\"environment\":\"custom\",\"custom_domain\":\"" + sim().url() +
                                                   "\",\"buttons\":\"install\",\"object\":\"Invoice__c\"}"));
  ASSERT_STREQ(r["status"].GetString(), "ok") << to_json(r);
  EXPECT_STREQ(r["step"].GetString(), "connected");
  EXPECT_EQ(sim().endpoint_calls("oauth.token"), token_calls);
  const auto done = parse(run.session->submit("connected", "{}"));
  EXPECT_TRUE(done["complete"].GetBool());
  EXPECT_TRUE(sim().state()["weblinks"].HasMember("Invoice__c.Smart_Flows"));
}

}  // namespace
}  // namespace sftest
