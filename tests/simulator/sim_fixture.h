// One sfsim process shared by the tests of this binary; every test starts
// from the built-in org (POST /__sim/reset) with no faults and zero counters.
#pragma once

#include <memory>

#include <gtest/gtest.h>

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
  static rapidjson::Document state();
  static void settings(const std::string& json);
};

}  // namespace sfsim_test
