#include "sim_fixture.h"

namespace sfsim_test {

namespace {
SimProcess* shared_process = nullptr;
}

void SimTest::SetUpTestSuite() {
  if (!shared_process) shared_process = new SimProcess();
  ASSERT_FALSE(shared_process->base_url().empty()) << "sfsim did not start: " << shared_process->first_line();
}

void SimTest::SetUp() {
  ASSERT_EQ(post_json(url("/__sim/reset"), "{}").status, 200);
  ASSERT_EQ(http({"DELETE", url("/__sim/faults"), {}, "", false, "", 5000}).status, 200);
  ASSERT_EQ(post_json(url("/__sim/calls/reset"), "{}").status, 200);
}

const std::string& SimTest::base() { return shared_process->base_url(); }

rapidjson::Document SimTest::state() { return parse_json(get(url("/__sim/state")).body); }

void SimTest::settings(const std::string& json) {
  const HttpResult r = post_json(url("/__sim/settings"), json);
  ASSERT_EQ(r.status, 200) << r.body;
}

// Stops the shared process when the test binary exits.
struct SharedProcessReaper {
  ~SharedProcessReaper() { delete shared_process; }
} reaper;

}  // namespace sfsim_test
