// sfsim at load-test scale: the cost of issuing a refresh token and of the
// connector's permission and user queries with 10 and with 10,000 users
// (each holding a live refresh token). Indexed lookups keep both flat, so a
// 10,000-connector load test measures the host, not the simulator.
// Figures are printed, never asserted.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "org_generator.h"
#include "org_loader.h"
#include "sim_http.h"
#include "simulator.h"

namespace {

constexpr const char* kClientId = "3MVG9SIMULATOR0SmartFlowsConsumerKey";
constexpr const char* kScope = "api refresh_token offline_access";

// An org with `users` generated users, each with one live refresh token and
// session, as a fleet of that many connectors leaves it.
std::unique_ptr<sfsim::Simulator> fleet_org(int users) {
  sfsim::OrgGeneratorOptions g;
  g.users = users;
  auto sim = std::make_unique<sfsim::Simulator>(sfsim::load_org_definition(sfsim::generate_org_json(g)));
  sim->set_base_url("http://127.0.0.1:1");
  sim->with_org([&](sfsim::Org& org) {
    org.def.settings.daily_api_limit = 1LL << 40;  // the benchmark makes millions of calls
    for (const auto& u : org.def.users) {
      const std::string rt = org.issue_refresh_token(u.id, kClientId, kScope);
      org.issue_access_token(u.id, kClientId, kScope, rt);
    }
    return 0;
  });
  return sim;
}

std::string user_id(sfsim::Simulator& sim, const std::string& username) {
  return sim.with_org([&](sfsim::Org& org) { return org.user_by_username(username)->id; });
}

// Issuing one more refresh token (the 11th, or the 10,001st, in the org).
void BM_IssueRefreshToken(benchmark::State& state) {
  auto sim = fleet_org(static_cast<int>(state.range(0)));
  const std::string admin = user_id(*sim, "admin@simorg.example");
  for (auto _ : state)
    sim->with_org([&](sfsim::Org& org) {
      benchmark::DoNotOptimize(org.issue_refresh_token(admin, kClientId, kScope));
      return 0;
    });
}
BENCHMARK(BM_IssueRefreshToken)->Arg(10)->Arg(10000)->Unit(benchmark::kMicrosecond);

// A refresh grant through the token endpoint with rotation on: every call
// retires the used refresh token and issues a new one.
void BM_RefreshGrantWithRotation(benchmark::State& state) {
  auto sim = fleet_org(static_cast<int>(state.range(0)));
  const std::string admin = user_id(*sim, "admin@simorg.example");
  std::string token = sim->with_org([&](sfsim::Org& org) {
    org.def.settings.refresh_rotation = true;
    return org.issue_refresh_token(admin, kClientId, kScope);
  });
  for (auto _ : state) {
    sfsim::SimRequest req;
    req.method = "POST";
    req.set_target("/services/oauth2/token");
    req.headers["content-type"] = "application/x-www-form-urlencoded";
    req.body = "grant_type=refresh_token&client_id=" + std::string(kClientId) +
               "&client_secret=sim-consumer-secret&refresh_token=" + token;
    const sfsim::SimResponse res = sim->handle(req);
    const auto at = res.body.find("\"refresh_token\":\"");
    if (res.status != 200 || at == std::string::npos) {
      state.SkipWithError(("refresh failed: " + res.body).c_str());
      break;
    }
    token = res.body.substr(at + 17, res.body.find('"', at + 17) - at - 17);
  }
}
BENCHMARK(BM_RefreshGrantWithRotation)->Arg(10)->Arg(10000)->Unit(benchmark::kMicrosecond);

void run_query(benchmark::State& state, const std::string& soql_for_user) {
  auto sim = fleet_org(static_cast<int>(state.range(0)));
  const std::string admin = user_id(*sim, "admin@simorg.example");
  const std::string session =
      sim->with_org([&](sfsim::Org& org) { return org.issue_access_token(admin, kClientId, kScope, ""); });
  std::string soql = soql_for_user;
  const auto hole = soql.find("%USER%");
  if (hole != std::string::npos) soql.replace(hole, 6, admin);
  sfsim::SimRequest req;
  req.method = "GET";
  req.set_target("/services/data/v66.0/query?q=" + sfsim::url_encode(soql));
  req.headers["authorization"] = "Bearer " + session;
  for (auto _ : state) {
    const sfsim::SimResponse res = sim->handle(req);
    if (res.status != 200) {
      state.SkipWithError(("query failed: " + res.body).c_str());
      break;
    }
    benchmark::DoNotOptimize(res.body.size());
  }
}

// The plugin's permission query, as a connector sends it after sign-in.
void BM_PermissionQuery(benchmark::State& state) {
  run_query(state,
            "SELECT PermissionsModifyAllData, PermissionsModifyMetadata, PermissionsApiEnabled, PermissionsAuthorApex, "
            "PermissionsCustomizeApplication, PermissionsApiUserOnly FROM UserPermissionAccess");
}
BENCHMARK(BM_PermissionQuery)->Arg(10)->Arg(10000)->Unit(benchmark::kMicrosecond);

// The connector user's own record (the plugin's org inspection).
void BM_ConnectorUserQuery(benchmark::State& state) {
  run_query(state, "SELECT Username, Name FROM User WHERE Id = '%USER%'");
}
BENCHMARK(BM_ConnectorUserQuery)->Arg(10)->Arg(10000)->Unit(benchmark::kMicrosecond);

// The connector user's permission set assignments.
void BM_AssignmentQuery(benchmark::State& state) {
  run_query(state, "SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '%USER%'");
}
BENCHMARK(BM_AssignmentQuery)->Arg(10)->Arg(10000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
