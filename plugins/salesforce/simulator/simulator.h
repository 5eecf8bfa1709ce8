// The simulator as one object: an org behind a mutex and the router that
// sends each request to the OAuth, REST, Metadata SOAP or /__sim/ control
// endpoints. Thread-safe; the HTTP server calls handle() from its threads.
//
//   sfsim::Simulator sim(sfsim::builtin_org_definition());
//   sim.set_base_url("http://127.0.0.1:8080");
//   sfsim::SimResponse res = sim.handle(request);
#pragma once

#include <mutex>
#include <string>

#include "org_model.h"
#include "sim_http.h"

namespace sfsim {

class Simulator {
 public:
  explicit Simulator(OrgDefinition definition);

  // The origin every URL the simulator hands out points at (no trailing /).
  void set_base_url(const std::string& base_url);
  std::string base_url();

  // Answers one request. Never throws: unexpected errors become a 500 in the
  // shape the endpoint family uses.
  SimResponse handle(const SimRequest& request);

  // Runs `fn(org)` under the lock (for in-process tests).
  template <typename Fn>
  auto with_org(Fn&& fn) {
    std::lock_guard<std::mutex> lock(mu_);
    return fn(org_);
  }

 private:
  SimResponse route(const SimRequest& request);

  std::mutex mu_;
  const OrgDefinition initial_;
  Org org_;
};

// Endpoint name used in the call counters ("oauth.token", "rest.query",
// "soap.readMetadata", ...); "" for the /__sim/ control API.
std::string classify_endpoint(const SimRequest& request);

}  // namespace sfsim
