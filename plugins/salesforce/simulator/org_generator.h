// Org files for load tests: the built-in org plus N generated users and M
// generated apps, so that 10,000 connectors, each with its own connector
// user (Salesforce keeps at most 5 refresh tokens per user and app), can be
// pointed at one sfsim.
//
//   sfsim --generate-org --users 10000 --apps 3 > org.json
//   sfsim --org org.json --port 0
//
// Users are load1@simorg.example ... loadN@simorg.example (password
// sim-password), System Administrators, or Minimum Access with the
// SmartFlows_Minimal permission set when `minimal` is set. Apps are
// "Load App 1".. with client_id 3MVG9SIMULATOR0LoadApp<i>, client_secret
// sim-load-secret-<i> and the callback http://localhost:1717/OauthRedirect.
#pragma once

#include <string>

namespace sfsim {

struct OrgGeneratorOptions {
  int users = 0;
  int apps = 0;
  bool minimal = false;  // least-privilege connector users instead of admins
};

// The org definition JSON (the --org format).
std::string generate_org_json(const OrgGeneratorOptions& options);

}  // namespace sfsim
