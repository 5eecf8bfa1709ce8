// REST details that real clients (the Salesforce CLI, jsforce) rely on:
// the Organization fields the CLI reads, column metadata for
// query?columns=true, the composite limits and the frontdoor URL.
#include "sf_id.h"
#include "sim_fixture.h"

namespace sfsim_test {
namespace {

std::string composite_of(int queries, int others) {
  std::string body = "{\"compositeRequest\":[";
  for (int i = 0; i < queries + others; ++i) {
    body += std::string(i ? "," : "") + "{\"method\":\"GET\",\"referenceId\":\"r" + std::to_string(i) +
            "\",\"url\":\"" +
            (i < queries ? "/services/data/v62.0/query?q=SELECT+Id+FROM+User+LIMIT+1"
                         : "/services/data/v62.0/sobjects/Account/describe") +
            "\"}";
  }
  return body + "]}";
}

class ClientRest : public SimTest {
 protected:
  // A composite request of `queries` queries and `others` describes, as the admin.
  static HttpResult post_composite(int queries, int others) {
    const std::string at = password_token(base(), "admin@simorg.example");
    return post(rest("/composite"), composite_of(queries, others), "application/json", {bearer(at)});
  }
};

std::string query_url(const std::string& base_rest, const std::string& soql, const std::string& extra = "") {
  return base_rest + "/query?q=" + url_encode(soql) + extra;
}

TEST_F(ClientRest, OrganizationAnswersTheSalesforceCliOrgQuery) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const HttpResult r = get(query_url(rest(""),
                                     "SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, "
                                     "OrganizationType FROM Organization"),
                           {bearer(at)});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body,
            "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"Organization\",\"url\":"
            "\"/services/data/v62.0/sobjects/Organization/00D000000SIMORGEQ5\"},\"Name\":\"SimOrg\",\"InstanceName\":"
            "\"SIM1\",\"IsSandbox\":false,\"TrialExpirationDate\":null,\"NamespacePrefix\":null,\"OrganizationType\":"
            "\"Developer Edition\"}]}");
}

TEST_F(ClientRest, ColumnsTrueDescribesTheColumnsInsteadOfRunningTheQuery) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const HttpResult r =
      get(query_url(rest(""), "SELECT Id, Name, IsDeleted FROM Account", "&columns=true"), {bearer(at)});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto d = parse_json(r.body);
  ASSERT_TRUE(d.IsObject()) << r.body;
  EXPECT_FALSE(d.HasMember("records"));
  EXPECT_STREQ(d["entityName"].GetString(), "Account");
  EXPECT_FALSE(d["groupBy"].GetBool());
  EXPECT_TRUE(d["idSelected"].GetBool());
  EXPECT_STREQ(d["keyPrefix"].GetString(), "001");
  const auto& cols = d["columnMetadata"];
  ASSERT_EQ(cols.Size(), 3u);
  EXPECT_STREQ(cols[0]["columnName"].GetString(), "Id");
  EXPECT_STREQ(cols[0]["apexType"].GetString(), "Id");
  EXPECT_FALSE(cols[0]["insertable"].GetBool());
  EXPECT_STREQ(cols[1]["columnName"].GetString(), "Name");
  EXPECT_STREQ(cols[1]["displayName"].GetString(), "Name");
  EXPECT_STREQ(cols[1]["apexType"].GetString(), "String");
  EXPECT_TRUE(cols[1]["textType"].GetBool());
  EXPECT_TRUE(cols[1]["insertable"].GetBool());
  EXPECT_TRUE(cols[1]["updatable"].GetBool());
  EXPECT_TRUE(cols[1]["foreignKeyName"].IsNull());
  EXPECT_EQ(cols[1]["joinColumns"].Size(), 0u);
  EXPECT_FALSE(cols[1]["aggregate"].GetBool());
  EXPECT_STREQ(cols[2]["columnName"].GetString(), "IsDeleted");
  EXPECT_STREQ(cols[2]["apexType"].GetString(), "Boolean");
  EXPECT_TRUE(cols[2]["booleanType"].GetBool());
  EXPECT_FALSE(cols[2]["textType"].GetBool());
  EXPECT_FALSE(cols[2]["numberType"].GetBool());
}

TEST_F(ClientRest, ColumnsTrueNestsRelationshipFieldsInJoinColumns) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const HttpResult r = get(query_url(rest(""),
                                     "SELECT AssigneeId, PermissionSet.Name, PermissionSet.IsOwnedByProfile "
                                     "FROM PermissionSetAssignment",
                                     "&columns=true"),
                           {bearer(at)});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto d = parse_json(r.body);
  const auto& cols = d["columnMetadata"];
  ASSERT_EQ(cols.Size(), 2u) << r.body;
  EXPECT_STREQ(cols[1]["columnName"].GetString(), "PermissionSet");
  EXPECT_STREQ(cols[1]["apexType"].GetString(), "PermissionSet");
  ASSERT_EQ(cols[1]["joinColumns"].Size(), 2u);
  EXPECT_STREQ(cols[1]["joinColumns"][0]["columnName"].GetString(), "Name");
  EXPECT_STREQ(cols[1]["joinColumns"][1]["columnName"].GetString(), "IsOwnedByProfile");
  EXPECT_TRUE(cols[1]["joinColumns"][1]["booleanType"].GetBool());
  EXPECT_FALSE(d["idSelected"].GetBool());
  EXPECT_STREQ(d["keyPrefix"].GetString(), "0Pa");
}

TEST_F(ClientRest, ColumnsTrueOnABadQueryIsTheQuerysError) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const HttpResult r = get(query_url(rest(""), "SELECT Nope FROM Account", "&columns=true"), {bearer(at)});
  EXPECT_EQ(r.status, 400);
  const auto d = parse_json(r.body);
  EXPECT_STREQ(d[0]["errorCode"].GetString(), "INVALID_FIELD");
}

struct RefusedComposite {
  int queries;
  int others;
  const char* answer;
};

class CompositeLimits : public ClientRest, public ::testing::WithParamInterface<RefusedComposite> {};

// Salesforce allows 25 subrequests of which at most 5 are queries (or
// sObject Collections); the sixth query refuses the whole request.
TEST_P(CompositeLimits, PastALimitTheWholeRequestIsRefused) {
  const HttpResult r = post_composite(GetParam().queries, GetParam().others);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, GetParam().answer);
}

INSTANTIATE_TEST_SUITE_P(
    SixQueriesOrTwentySixSubrequests, CompositeLimits,
    ::testing::Values(
        RefusedComposite{6, 0,
                         R"([{"message":"Exceeded max limit of query and sObject Collections subrequests allowed in a )"
                         R"(composite request: 5","errorCode":"LIMIT_EXCEEDED"}])"},
        RefusedComposite{0, 26,
                         R"([{"message":"Exceeded max limit of subrequests allowed in a composite request: 25",)"
                         R"("errorCode":"LIMIT_EXCEEDED"}])"}));

TEST_F(ClientRest, CompositeWithFiveQueriesAndTwentyOtherSubrequestsIsAccepted) {
  const HttpResult r = post_composite(5, 20);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto d = parse_json(r.body);
  ASSERT_EQ(d["compositeResponse"].Size(), 25u);
  for (const auto& sub : d["compositeResponse"].GetArray()) EXPECT_EQ(sub["httpStatusCode"].GetInt(), 200);
}

TEST_F(ClientRest, SingleAccessTradesASessionForAFrontdoorUrl) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const HttpResult r = get(base() + "/services/oauth2/singleaccess?redirect_uri=%2Flightning%2Fsetup", {bearer(at)});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string uri = parse_json(r.body)["frontdoor_uri"].GetString();
  EXPECT_EQ(uri.rfind(base() + "/secur/frontdoor.jsp?otp=", 0), 0u) << uri;
  EXPECT_EQ(query_param(uri, "startURL"), "/lightning/setup");
  const HttpResult bad = get(base() + "/services/oauth2/singleaccess", {bearer("00Dnope!nope")});
  EXPECT_EQ(bad.status, 403);
  EXPECT_EQ(bad.body, "Bad_OAuth_Token");
}

// The indexed lookups ("Id = " on User, "AssigneeId = " on
// PermissionSetAssignment) answer exactly what a scan of every row answers
// (IN forces the scan), ids included.
TEST_F(ClientRest, IndexedLookupsAnswerWhatAScanAnswers) {
  const std::string at = password_token(base(), "admin@simorg.example");
  const std::string user = "005SIM000000003YBA";  // email@simorg.example: profile set + two assigned sets
  const std::pair<std::string, std::string> pairs[] = {
      {"SELECT Id, Username, Name FROM User WHERE Id = '" + user + "'",
       "SELECT Id, Username, Name FROM User WHERE Id IN ('" + user + "')"},
      {"SELECT Id, PermissionSetId, PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '" + user + "'",
       "SELECT Id, PermissionSetId, PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId IN ('" + user +
           "')"},
      {"SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '" + user.substr(0, 15) + "' AND IsActive = true",
       "SELECT Id FROM PermissionSetAssignment WHERE AssigneeId IN ('" + user + "') AND IsActive = true"},
  };
  for (const auto& [indexed, scanned] : pairs) {
    const HttpResult a = get(query_url(rest(""), indexed), {bearer(at)});
    const HttpResult b = get(query_url(rest(""), scanned), {bearer(at)});
    ASSERT_EQ(a.status, 200) << a.body;
    EXPECT_GE(parse_json(a.body)["totalSize"].GetInt(), 1) << indexed;
    EXPECT_EQ(a.body, b.body) << indexed;
  }
  // Assignment ids follow user and set order across the whole org: admin has
  // 1 (its profile's set), minimal 2, so email's three are the 4th to 6th.
  const auto d = parse_json(get(query_url(rest(""), pairs[1].first), {bearer(at)}).body);
  ASSERT_EQ(d["totalSize"].GetInt(), 3);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(std::string(d["records"][i]["Id"].GetString()), sfsim::make_id("0Pa", 4 + i));
}

}  // namespace
}  // namespace sfsim_test
