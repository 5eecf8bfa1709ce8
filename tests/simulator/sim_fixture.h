// One sfsim process shared by the tests of this binary; every test starts
// from the built-in org (POST /__sim/reset) with no faults and zero counters.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "sim_test_support.h"

namespace sfsim_test {

class SimTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  void SetUp() override;
  static const std::string& base();
  // Shortcuts relative to the base URL.
  static std::string url(const std::string& path) { return base() + path; }
  static std::string rest(const std::string& path, const std::string& version = "62.0") {
    return base() + "/services/data/v" + version + path;
  }
  // The Metadata API call `request` (its SOAP body), as the admin.
  static HttpResult admin_soap(const std::string& request) {
    return soap(base(), password_token(base(), "admin@simorg.example"), request);
  }
  static rapidjson::Document state();
  static void settings(const std::string& json);
};

// Whether the body of `r` holds `part`; the failure message shows the body.
inline ::testing::AssertionResult body_has(const HttpResult& r, const std::string& part) {
  if (r.body.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "the body has no " << part << "\n" << r.body;
}

}  // namespace sfsim_test
