// The simulator core in-process: ids, the built-in org, SOQL and loader errors.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <string>

#include "crypto_util.h"
#include "org_loader.h"
#include "sf_id.h"
#include "simulator.h"
#include "soql.h"

namespace {

TEST(SalesforceId, EighteenCharacterFormAddsTheCaseChecksum) {
  EXPECT_EQ(sfsim::to_id18("001D000000IqhSL"), "001D000000IqhSLIAZ");
  EXPECT_TRUE(sfsim::same_id("001D000000IqhSL", "001D000000IqhSLIAZ"));
}

TEST(Pkce, S256MatchesTheRfc7636Example) {
  EXPECT_EQ(sfsim::pkce_challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(HmacSha256, MatchesTheRfc4231Vectors) {
  const auto hex = [](const std::string& raw) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : raw) out += std::string{digits[c >> 4], digits[c & 15]};
    return out;
  };
  // Test case 2 (a short key) and test case 6 (a key longer than a block).
  EXPECT_EQ(hex(sfsim::hmac_sha256_raw("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(
      hex(sfsim::hmac_sha256_raw(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(BuiltInOrg, HasTheDocumentedUsersObjectsAndConnectedApp) {
  const sfsim::OrgDefinition def = sfsim::builtin_org_definition();
  EXPECT_EQ(def.org_id.substr(0, 3), "00D");
  EXPECT_EQ(def.org_id.size(), 18u);
  EXPECT_EQ(def.app.client_id, "3MVG9SIMULATOR0SmartFlowsConsumerKey");
  EXPECT_EQ(def.users.size(), 10u);
  EXPECT_EQ(def.layouts.count("Account-Account %28Marketing%29 Layout"), 1u);
  EXPECT_EQ(def.settings.refresh_idle_days, 14);
  EXPECT_FALSE(def.settings.refresh_rotation);
}

// The 15-character ids of a query answer's records, in order, comma-joined.
std::string record_ids(const std::string& answer_json) {
  rapidjson::Document d;
  d.Parse(answer_json.c_str());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember("records") || !d["records"].IsArray()) return "<no records>";
  std::string out;
  for (const auto& r : d["records"].GetArray()) {
    if (!out.empty()) out += ",";
    out += r.HasMember("Id") && r["Id"].IsString() ? std::string(r["Id"].GetString()).substr(0, 15) : "?";
  }
  return out;
}

TEST(Soql, TableOfStatementsAndTheirOutcome) {
  sfsim::Org org(sfsim::builtin_org_definition());
  const sfsim::UserDef& admin = *org.user_by_username("admin@simorg.example");
  struct Case {
    const char* soql;
    const char* error;    // "" = success
    const char* records;  // on success: the records' ids in order, or "#N" for N records
  };
  // Accounts of the built-in org: 001..1 Edge Communications, 001..2
  // Burlington Textiles Corp of America, 001..3 United Oil & Gas Corp.
  const Case cases[] = {
      {"SELECT Id FROM Organization", "", "#1"},
      {"select id, name from account where name like 'edge%' limit 1", "", "001SIM000000001"},
      {"SELECT Id FROM Account WHERE (Name = 'a' OR Name = 'b') AND NOT Type = null", "", ""},
      {"SELECT Id FROM Account ORDER BY Name DESC NULLS LAST LIMIT 2 OFFSET 1", "", "001SIM000000001,001SIM000000002"},
      {"SELECT Id FROM Account ORDER BY Name LIMIT 2 OFFSET 1", "", "001SIM000000001,001SIM000000003"},
      {"SELECT Id FROM Account ORDER BY Name DESC", "", "001SIM000000003,001SIM000000001,001SIM000000002"},
      {"SELECT Id FROM User WHERE Id IN ('005SIM000000001', '005SIM000000002')", "", "#2"},
      {"SELECT Id FROM", "MALFORMED_QUERY", ""},
      {"SELECT Id FROM Account WHERE Name = 'unterminated", "MALFORMED_QUERY", ""},
      {"SELECT Id, FROM Account", "MALFORMED_QUERY", ""},
      {"SELECT Id FROM Account; DROP", "MALFORMED_QUERY", ""},
      {"SELECT Id FROM Widget", "INVALID_TYPE", ""},
      {"SELECT Owner.Name FROM Account", "", "#3"},
      {"SELECT Nope.Name FROM Account", "INVALID_FIELD", ""},
      {"SELECT PermissionSet.Bogus FROM PermissionSetAssignment", "INVALID_FIELD", ""},
  };
  for (const auto& c : cases) {
    const sfsim::SoqlResult r = sfsim::run_soql(org, admin, c.soql, "62.0");
    EXPECT_EQ(r.ok, std::string(c.error).empty()) << c.soql << " -> " << r.message;
    if (!r.ok) {
      EXPECT_EQ(r.error_code, c.error) << c.soql;
      continue;
    }
    const std::string ids = record_ids(r.json);
    if (c.records[0] == '#') {
      const size_t n = ids.empty() ? 0 : static_cast<size_t>(std::count(ids.begin(), ids.end(), ',') + 1);
      EXPECT_EQ(n, std::stoul(c.records + 1)) << c.soql << " -> " << r.json;
    } else {
      EXPECT_EQ(ids, c.records) << c.soql << " -> " << r.json;
    }
  }
}

TEST(OrgLoader, ErrorsNameTheOffendingPath) {
  const std::pair<const char*, const char*> cases[] = {
      {"{", "invalid JSON"},
      {"{}", "organization"},
      {R"({"organization":{"id":"00D000000SIMORG","name":"x"},"connected_app":{"client_id":"a","client_secret":"b"},
          "profiles":[{"name":"P","permissions":["FlyPlanes"]}],"users":[]})",
       "profiles[0].permissions"},
      {R"({"organization":{"id":"00D000000SIMORG","name":"x"},"connected_app":{"client_id":"a","client_secret":"b"},
          "profiles":[{"name":"P"}],"users":[{"username":"u","password":"p","profile":"Q"}]})",
       "users[0].profile"},
  };
  for (const auto& [json, where] : cases) {
    try {
      sfsim::load_org_definition(json);
      ADD_FAILURE() << "accepted: " << json;
    } catch (const sfsim::OrgLoadError& e) {
      EXPECT_NE(std::string(e.what()).find(where), std::string::npos) << e.what();
    }
  }
}

// The org holds only what Salesforce would have accepted: an org file with
// a WebLink or Layout the Metadata API refuses does not load.
TEST(OrgLoader, RefusesComponentsSalesforceWouldRefuse) {
  const std::string head =
      R"({"organization":{"id":"00D000000SIMORG","name":"x"},"connected_app":{"client_id":"a","client_secret":"b"},
          "profiles":[{"name":"P"}],"users":[{"username":"u@x.example","password":"p","profile":"P"}],"objects":[{"name":"Account","label":"Account"}],)";
  const std::pair<std::string, std::string> cases[] = {
      {R"("weblinks":[{"fullName":"Account.B","availability":"sometimes"}]})",
       "org definition: weblinks[0]: 'sometimes' is not a valid value for the enum 'WebLinkAvailability'"},
      {R"("layouts":[{"fullName":"Account-L","colour":"red"}]})",
       "org definition: layouts[0]: Element {http://soap.sforce.com/2006/04/metadata}colour invalid at this location "
       "in "
       "type Layout"},
      {R"("layouts":[{"fullName":"Account-Account (Marketing) Layout"}]})",
       "org definition: layouts[0].fullName: must be spelled as Salesforce encodes it: Account-Account %28Marketing%29 "
       "Layout"},
      {R"("other_apps":[{"client_id":"a"}]})",
       "org definition: other_apps[0].client_secret: is required when require_secret is true"},
      {R"("other_apps":[{"client_id":"a","client_secret":"s"}]})",
       "org definition: other_apps[0].client_id: duplicates another app's client_id"},
  };
  for (const auto& [tail, message] : cases) {
    try {
      sfsim::load_org_definition(head + tail);
      ADD_FAILURE() << "accepted: " << tail;
    } catch (const sfsim::OrgLoadError& e) {
      EXPECT_EQ(std::string(e.what()), message);
    }
  }
}

TEST(Simulator, RequestsCanBeServedInProcess) {
  sfsim::Simulator sim(sfsim::builtin_org_definition());
  sim.set_base_url("http://127.0.0.1:1");
  sfsim::SimRequest req;
  req.method = "GET";
  req.set_target("/services/data/");
  EXPECT_EQ(sim.handle(req).status, 200);
  req.set_target("/no/such/thing");
  EXPECT_EQ(sim.handle(req).status, 404);
}

}  // namespace
