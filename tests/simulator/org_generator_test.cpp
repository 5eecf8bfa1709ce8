// The load-test org generator: sfsim --generate-org --users N --apps M
// prints an org file that sfsim loads, whose generated users sign in and
// whose generated apps issue tokens.
#include "org_generator.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "org_loader.h"
#include "sim_test_support.h"

namespace sfsim_test {
namespace {

TEST(OrgGenerator, AddsUsersAndAppsToTheBuiltInOrg) {
  sfsim::OrgGeneratorOptions g;
  g.users = 25;
  g.apps = 2;
  g.minimal = true;
  const sfsim::OrgDefinition def = sfsim::load_org_definition(sfsim::generate_org_json(g));
  const sfsim::OrgDefinition builtin = sfsim::builtin_org_definition();
  ASSERT_EQ(def.users.size(), builtin.users.size() + 25);
  EXPECT_EQ(def.users.back().username, "load25@simorg.example");
  ASSERT_EQ(def.other_apps.size(), builtin.other_apps.size() + 2);
  EXPECT_EQ(def.other_apps.back().client_id, "3MVG9SIMULATOR0LoadApp2");
  EXPECT_EQ(def.other_apps.back().callback_urls, std::vector<std::string>{"http://localhost:1717/OauthRedirect"});
  const sfsim::Org org(def);
  const sfsim::UserDef* u = org.user_by_username("LOAD25@simorg.example");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(org.user_by_id(u->id), u);
  EXPECT_EQ(org.user_by_id(u->id.substr(0, 15)), u);
  EXPECT_EQ(org.effective_permissions(*u), (std::set<std::string>{"ApiEnabled", "AuthorApex", "CustomizeApplication",
                                                                  "ModifyAllData", "ModifyMetadata"}));
}

TEST(OrgGenerator, SfsimServesTheGeneratedOrg) {
  const std::string file = ::testing::TempDir() + "generated_org.json";
  const std::string cmd = sfsim_binary() + " --generate-org --users 3 --apps 1 > " + file;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  SimProcess sim({"--org", file});
  const HttpResult r = post_form(sim.base_url() + "/services/oauth2/token", {{"grant_type", "password"},
                                                                             {"client_id", "3MVG9SIMULATOR0LoadApp1"},
                                                                             {"client_secret", "sim-load-secret-1"},
                                                                             {"username", "load3@simorg.example"},
                                                                             {"password", kPassword}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string at = parse_json(r.body)["access_token"].GetString();
  const HttpResult q = get(sim.base_url() + "/services/data/v66.0/query?q=" +
                               url_encode("SELECT Username FROM User WHERE Username LIKE 'load%'"),
                           {bearer(at)});
  ASSERT_EQ(q.status, 200) << q.body;
  EXPECT_EQ(parse_json(q.body)["totalSize"].GetInt(), 3);
  std::remove(file.c_str());
}

}  // namespace
}  // namespace sfsim_test
