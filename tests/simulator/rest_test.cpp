// REST API: versions, resources, SOQL for the permission checks, describe,
// limits, composite, API usage and the errors Salesforce answers with.
#include "sim_fixture.h"

namespace sfsim_test {
namespace {

using Rest = SimTest;

HttpResult query(const std::string& base_rest, const std::string& token, const std::string& soql) {
  return get(base_rest + "/query?q=" + url_encode(soql), {bearer(token)});
}

void expect_rest_error(const HttpResult& r, long status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  const auto d = parse_json(r.body);
  ASSERT_TRUE(d.IsArray() && d.Size() == 1) << r.body;
  EXPECT_EQ(std::string(d[0]["errorCode"].GetString()), code);
  EXPECT_TRUE(d[0]["message"].IsString());
}

TEST_F(Rest, VersionListNeedsNoSessionAndDoesNotCount) {
  const HttpResult r = get(url("/services/data/"));
  ASSERT_EQ(r.status, 200);
  const auto d = parse_json(r.body);
  ASSERT_TRUE(d.IsArray());
  bool has50 = false;
  for (const auto& v : d.GetArray()) has50 = has50 || std::string(v["version"].GetString()) == "50.0";
  EXPECT_TRUE(has50);
  EXPECT_EQ(std::string(d[19]["label"].GetString()), "Winter '21");  // 31.0 + 19 = 50.0
  EXPECT_TRUE(r.header("sforce-limit-info").empty());
  EXPECT_EQ(state()["api_usage"]["used"].GetInt(), 0);
}

TEST_F(Rest, ResourcesByVersionIncludeTheIdentityUrl) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const HttpResult r = get(base() + "/services/data/v50.0", {bearer(at)});
  ASSERT_EQ(r.status, 200);
  const auto d = parse_json(r.body);
  EXPECT_EQ(std::string(d["sobjects"].GetString()), "/services/data/v50.0/sobjects");
  EXPECT_EQ(std::string(d["identity"].GetString()).rfind(base() + "/id/00D", 0), 0u);
}

TEST_F(Rest, UnknownVersionIsNotFound) {
  const std::string at = password_token(base(), "admin@simorg.example");
  expect_rest_error(get(rest("/limits", "99.0"), {bearer(at)}), 404, "NOT_FOUND");
}

TEST_F(Rest, MissingOrUnknownSessionIsInvalidSessionId401) {
  expect_rest_error(get(rest("/limits")), 401, "INVALID_SESSION_ID");
  expect_rest_error(get(rest("/limits"), {bearer("00Dnope!nope")}), 401, "INVALID_SESSION_ID");
}

TEST_F(Rest, EveryApiResponseCarriesSforceLimitInfo) {
  const std::string at = password_token(base(), "admin@simorg.example");
  EXPECT_EQ(get(rest("/limits"), {bearer(at)}).header("sforce-limit-info"), "api-usage=1/15000");
  EXPECT_EQ(get(rest("/sobjects/Nope/describe"), {bearer(at)}).header("sforce-limit-info"), "api-usage=2/15000");
}

TEST_F(Rest, UserPermissionAccessReportsTheRunningUsersEffectivePermissions) {
  const char* soql =
      "SELECT PermissionsModifyAllData, PermissionsModifyMetadata, PermissionsApiEnabled, "
      "PermissionsAuthorApex, PermissionsCustomizeApplication, PermissionsEmailSingle, "
      "PermissionsApiUserOnly FROM UserPermissionAccess";
  struct Case {
    const char* user;
    bool mad, mm, api, apex, custom, email, apionly;
  };
  const Case cases[] = {
      {"admin@simorg.example", true, true, true, true, true, true, false},
      {"minimal@simorg.example", true, true, true, true, true, false, false},
      {"email@simorg.example", true, true, true, true, true, true, false},
      {"no-modifyalldata@simorg.example", false, true, true, true, true, false, false},
      {"no-modifymetadata@simorg.example", true, false, true, true, true, false, false},
      {"no-authorapex@simorg.example", true, true, true, false, true, false, false},
      {"no-customizeapplication@simorg.example", true, true, true, true, false, false, false},
      {"apionly@simorg.example", true, true, true, true, true, false, true},
      {"basic@simorg.example", false, false, true, false, false, false, false},
  };
  for (const auto& c : cases) {
    const HttpResult r = query(rest(""), password_token(base(), c.user), soql);
    ASSERT_EQ(r.status, 200) << c.user << r.body;
    const auto d = parse_json(r.body);
    ASSERT_EQ(d["totalSize"].GetInt(), 1);
    const auto& row = d["records"][0];
    EXPECT_EQ(row["PermissionsModifyAllData"].GetBool(), c.mad) << c.user;
    EXPECT_EQ(row["PermissionsModifyMetadata"].GetBool(), c.mm) << c.user;
    EXPECT_EQ(row["PermissionsApiEnabled"].GetBool(), c.api) << c.user;
    EXPECT_EQ(row["PermissionsAuthorApex"].GetBool(), c.apex) << c.user;
    EXPECT_EQ(row["PermissionsCustomizeApplication"].GetBool(), c.custom) << c.user;
    EXPECT_EQ(row["PermissionsEmailSingle"].GetBool(), c.email) << c.user;
    EXPECT_EQ(row["PermissionsApiUserOnly"].GetBool(), c.apionly) << c.user;
  }
}

TEST_F(Rest, PermissionSetAssignmentsNestThePermissionSetIncludingTheProfileSet) {
  const std::string at = password_token(base(), "email@simorg.example");
  const std::string uid = parse_json(get(rest(""), {bearer(at)}).body)["identity"].GetString();
  const std::string user_id = uid.substr(uid.size() - 18);
  const HttpResult r =
      query(rest(""), at,
            "SELECT PermissionSet.Name, PermissionSet.IsOwnedByProfile, PermissionSet.PermissionsEmailSingle "
            "FROM PermissionSetAssignment WHERE AssigneeId = '" +
                user_id + "'");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto d = parse_json(r.body);
  ASSERT_EQ(d["totalSize"].GetInt(), 3);
  int owned = 0;
  bool email = false;
  for (const auto& rec : d["records"].GetArray()) {
    EXPECT_EQ(std::string(rec["attributes"]["type"].GetString()), "PermissionSetAssignment");
    EXPECT_EQ(std::string(rec["PermissionSet"]["attributes"]["type"].GetString()), "PermissionSet");
    owned += rec["PermissionSet"]["IsOwnedByProfile"].GetBool() ? 1 : 0;
    email = email || rec["PermissionSet"]["PermissionsEmailSingle"].GetBool();
  }
  EXPECT_EQ(owned, 1);
  EXPECT_TRUE(email);
  // A 15-character id finds the same rows.
  EXPECT_EQ(
      parse_json(query(rest(""), at,
                       "SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '" + user_id.substr(0, 15) + "'")
                     .body)["totalSize"]
          .GetInt(),
      3);
}

TEST_F(Rest, PermissionSetSemiJoinOnAssignments) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const HttpResult r = query(rest(""), at,
                             "SELECT Id, Name, PermissionsModifyMetadata FROM PermissionSet WHERE Id IN "
                             "(SELECT PermissionSetId FROM PermissionSetAssignment WHERE Assignee.Username = "
                             "'no-modifymetadata@simorg.example') AND IsOwnedByProfile = false");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto d = parse_json(r.body);
  ASSERT_EQ(d["totalSize"].GetInt(), 1);
  EXPECT_EQ(std::string(d["records"][0]["Name"].GetString()), "SmartFlows_Minimal_Without_ModifyMetadata");
  EXPECT_FALSE(d["records"][0]["PermissionsModifyMetadata"].GetBool());
}

TEST_F(Rest, UserAndOrganizationQueries) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const auto org = parse_json(query(rest(""), at, "SELECT Id, Name FROM Organization").body);
  ASSERT_EQ(org["totalSize"].GetInt(), 1);
  EXPECT_EQ(std::string(org["records"][0]["Id"].GetString()).substr(0, 3), "00D");
  const auto users = parse_json(
      query(rest(""), at, "SELECT Id, Username, Profile.Name FROM User WHERE Username LIKE 'no-%' ORDER BY Username")
          .body);
  EXPECT_EQ(users["totalSize"].GetInt(), 5);
  EXPECT_EQ(std::string(users["records"][0]["Profile"]["Name"].GetString()), "Minimum Access - Salesforce");
  EXPECT_EQ(parse_json(query(rest(""), at, "SELECT COUNT() FROM Account").body)["totalSize"].GetInt(), 3);
}

TEST_F(Rest, QueryErrorsAreSalesforceErrorCodes) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const HttpResult bad = query(rest(""), at, "SELECT Id FRM Account");
  expect_rest_error(bad, 400, "MALFORMED_QUERY");
  EXPECT_NE(bad.body.find("ERROR at Row:1:Column:11"), std::string::npos) << bad.body;
  expect_rest_error(query(rest(""), at, "SELECT Id FROM Nope__c"), 400, "INVALID_TYPE");
  expect_rest_error(query(rest(""), at, "SELECT Bogus FROM Account"), 400, "INVALID_FIELD");
  expect_rest_error(query(rest(""), at, "SELECT Id FROM Account GROUP BY Name"), 400, "MALFORMED_QUERY");
  expect_rest_error(get(rest("/query"), {bearer(at)}), 400, "MALFORMED_QUERY");
}

TEST_F(Rest, DescribeGlobalListsStandardCustomAndNonLayoutableObjects) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const auto d = parse_json(get(rest("/sobjects"), {bearer(at)}).body);
  EXPECT_EQ(std::string(d["encoding"].GetString()), "UTF-8");
  std::map<std::string, const rapidjson::Value*> by_name;
  for (const auto& o : d["sobjects"].GetArray()) by_name[o["name"].GetString()] = &o;
  for (const char* n : {"Account", "Contact", "Lead", "Opportunity", "Case", "Invoice__c", "AccountHistory", "User"})
    ASSERT_TRUE(by_name.count(n)) << n;
  EXPECT_TRUE((*by_name["Invoice__c"])["custom"].GetBool());
  EXPECT_FALSE((*by_name["AccountHistory"])["layoutable"].GetBool());
  EXPECT_TRUE((*by_name["Account"])["layoutable"].GetBool());
  EXPECT_EQ(std::string((*by_name["Account"])["urls"]["describe"].GetString()),
            "/services/data/v62.0/sobjects/Account/describe");
}

TEST_F(Rest, DescribeOfAnObjectAndOfAnUnknownObject) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const HttpResult r = get(rest("/sobjects/Account/describe"), {bearer(at)});
  ASSERT_EQ(r.status, 200);
  const auto d = parse_json(r.body);
  EXPECT_EQ(std::string(d["name"].GetString()), "Account");
  EXPECT_EQ(std::string(d["keyPrefix"].GetString()), "001");
  EXPECT_GT(d["fields"].Size(), 5u);
  EXPECT_EQ(std::string(d["urls"]["layouts"].GetString()), "/services/data/v62.0/sobjects/Account/describe/layouts");
  const HttpResult missing = get(rest("/sobjects/Nope/describe"), {bearer(at)});
  expect_rest_error(missing, 404, "NOT_FOUND");
  EXPECT_EQ(missing.body, "[{\"message\":\"The requested resource does not exist\",\"errorCode\":\"NOT_FOUND\"}]");
}

TEST_F(Rest, LimitsReportTheDailyApiAllocation) {
  const std::string at = password_token(base(), "admin@simorg.example");
  get(rest("/sobjects"), {bearer(at)});
  const auto d = parse_json(get(rest("/limits"), {bearer(at)}).body);
  EXPECT_EQ(d["DailyApiRequests"]["Max"].GetInt(), 15000);
  EXPECT_EQ(d["DailyApiRequests"]["Remaining"].GetInt(), 14998);
}

TEST_F(Rest, CompositeResolvesReferencesAndCountsAsOneCall) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const std::string body =
      "{\"allOrNone\":true,\"compositeRequest\":["
      "{\"method\":\"GET\",\"url\":\"/services/data/v62.0/"
      "query?q=SELECT+Id+FROM+User+WHERE+Username='basic@simorg.example'\",\"referenceId\":\"u\"},"
      "{\"method\":\"GET\",\"url\":\"/services/data/v62.0/sobjects/User/@{u.records[0].Id}\",\"referenceId\":\"u2\"},"
      "{\"method\":\"GET\",\"url\":\"/services/data/v62.0/"
      "query?q=SELECT+PermissionsApiEnabled+FROM+UserPermissionAccess\",\"referenceId\":\"perms\"}]}";
  const HttpResult r = post(rest("/composite"), body, "application/json", {bearer(at)});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto d = parse_json(r.body);
  ASSERT_EQ(d["compositeResponse"].Size(), 3u);
  EXPECT_EQ(d["compositeResponse"][1]["httpStatusCode"].GetInt(), 200);
  EXPECT_EQ(std::string(d["compositeResponse"][1]["body"]["Username"].GetString()), "basic@simorg.example");
  EXPECT_EQ(std::string(d["compositeResponse"][2]["referenceId"].GetString()), "perms");
  const auto s = state();
  EXPECT_EQ(s["api_usage"]["used"].GetInt(), 1);
  EXPECT_EQ(s["calls"]["by_endpoint"]["rest.composite"].GetInt(), 1);
}

TEST_F(Rest, CompositeAllOrNoneRollsBackTheOtherSubrequests) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const std::string body =
      "{\"allOrNone\":true,\"compositeRequest\":["
      "{\"method\":\"GET\",\"url\":\"/services/data/v62.0/limits\",\"referenceId\":\"ok\"},"
      "{\"method\":\"GET\",\"url\":\"/services/data/v62.0/"
      "query?q=SELECT+Nope+FROM+Account\",\"referenceId\":\"bad\"}]}";
  const auto d = parse_json(post(rest("/composite"), body, "application/json", {bearer(at)}).body);
  EXPECT_EQ(d["compositeResponse"][0]["httpStatusCode"].GetInt(), 400);
  EXPECT_EQ(std::string(d["compositeResponse"][0]["body"][0]["errorCode"].GetString()), "PROCESSING_HALTED");
  EXPECT_EQ(std::string(d["compositeResponse"][1]["body"][0]["errorCode"].GetString()), "INVALID_FIELD");
}

TEST_F(Rest, CompositeWithBadJsonIsJsonParserError) {
  const std::string at = password_token(base(), "admin@simorg.example");
  expect_rest_error(post(rest("/composite"), "{not json", "application/json", {bearer(at)}), 400, "JSON_PARSER_ERROR");
}

TEST_F(Rest, UserWithoutApiEnabledGetsApiCurrentlyDisabled) {
  const std::string at = password_token(base(), "no-apienabled@simorg.example");
  const HttpResult r = get(rest("/limits"), {bearer(at)});
  expect_rest_error(r, 403, "API_CURRENTLY_DISABLED");
  EXPECT_NE(r.body.find("API is disabled for this User"), std::string::npos);
}

TEST_F(Rest, OrgWithoutApiGetsApiDisabledForOrg) {
  const std::string at = password_token(base(), "admin@simorg.example");
  settings("{\"api_enabled_for_org\":false}");
  expect_rest_error(get(rest("/limits"), {bearer(at)}), 403, "API_DISABLED_FOR_ORG");
}

TEST_F(Rest, ExhaustedDailyAllocationIsRequestLimitExceededUntilTheWindowMoves) {
  const std::string at = password_token(base(), "admin@simorg.example");
  settings("{\"daily_api_limit\":2}");
  EXPECT_EQ(get(rest("/limits"), {bearer(at)}).status, 200);
  EXPECT_EQ(get(rest("/limits"), {bearer(at)}).header("sforce-limit-info"), "api-usage=2/2");
  const HttpResult r = get(rest("/limits"), {bearer(at)});
  expect_rest_error(r, 403, "REQUEST_LIMIT_EXCEEDED");
  EXPECT_EQ(r.body, "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
  post_json(url("/__sim/clock/advance"), "{\"hours\":1}");
  expect_rest_error(get(rest("/limits"), {bearer(at)}), 403, "REQUEST_LIMIT_EXCEEDED");
  post_json(url("/__sim/clock/advance"), "{\"hours\":24}");
  EXPECT_EQ(get(rest("/limits"), {bearer(password_token(base(), "admin@simorg.example"))}).status, 200);
}

TEST_F(Rest, WrongMethodIsMethodNotAllowed) {
  const std::string at = password_token(base(), "admin@simorg.example");
  HttpRequest r;
  r.method = "DELETE";
  r.url = rest("/limits");
  r.headers = {bearer(at)};
  expect_rest_error(http(r), 405, "METHOD_NOT_ALLOWED");
}

}  // namespace
}  // namespace sfsim_test
