// What the Salesforce plugin spends on its own CPU work: patching a large
// page layout, parsing a readMetadata response with 10 layouts, normalising
// login hosts, describing the wizard; and, for scale, one whole install
// action against sfsim (wall time, API requests as a counter).
// Run: build/default/tests/bench/salesforce_benchmark (label `bench`, not in CI).
#include <benchmark/benchmark.h>

#include <string>

#include "layout_patch.h"
#include "login_host.h"
#include "metadata_soap.h"
#include "salesforce_type.h"
#include "sim_harness.h"
#include "xml_tree.h"

namespace {

using salesforce::XmlTree;

// One realistic large Layout: 8 two-column sections of 15 fields each,
// 10 custom buttons, 20 Lightning actions, 12 quick actions, 20 related lists.
std::string large_layout_records(const std::string& full_name) {
  std::string x = "<records xsi:type=\"Layout\"><fullName>" + full_name + "</fullName>";
  for (int b = 0; b < 10; ++b) x += "<customButtons>Button_" + std::to_string(b) + "</customButtons>";
  x += "<emailDefault>false</emailDefault><excludeButtons>Submit</excludeButtons>";
  for (int s = 0; s < 8; ++s) {
    x += "<layoutSections><customLabel>false</customLabel><detailHeading>true</detailHeading>"
         "<editHeading>true</editHeading><label>Section " +
         std::to_string(s) + "</label>";
    for (int c = 0; c < 2; ++c) {
      x += "<layoutColumns>";
      for (int f = 0; f < 15; ++f) {
        x += "<layoutItems><behavior>Edit</behavior><field>Field_" + std::to_string(s) + "_" + std::to_string(c) + "_" +
             std::to_string(f) + "__c</field></layoutItems>";
      }
      x += "</layoutColumns>";
    }
    x += "<style>TwoColumnsTopToBottom</style></layoutSections>";
  }
  x += "<platformActionList><actionListContext>Record</actionListContext>";
  for (int a = 0; a < 20; ++a) {
    x += "<platformActionListItems><actionName>Action_" + std::to_string(a) +
         "</actionName><actionType>QuickAction</actionType><sortOrder>" + std::to_string(a) +
         "</sortOrder></platformActionListItems>";
  }
  x += "</platformActionList><quickActionList>";
  for (int q = 0; q < 12; ++q) {
    x += "<quickActionListItems><quickActionName>Quick_" + std::to_string(q) +
         "</quickActionName></quickActionListItems>";
  }
  x += "</quickActionList>";
  for (int r = 0; r < 20; ++r) {
    x += "<relatedLists><fields>NAME</fields><fields>OWNER</fields><fields>CREATED_DATE</fields>"
         "<relatedList>RelatedList_" +
         std::to_string(r) + "</relatedList></relatedLists>";
  }
  x += "<showEmailCheckbox>false</showEmailCheckbox><showHighlightsPanel>false</showHighlightsPanel></records>";
  return x;
}

std::string read_response(int layouts) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope "
      "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns=\"http://soap.sforce.com/2006/04/metadata\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><readMetadataResponse><result>";
  for (int i = 0; i < layouts; ++i) x += large_layout_records("Account-Layout " + std::to_string(i));
  return x + "</result></readMetadataResponse></soapenv:Body></soapenv:Envelope>";
}

std::map<std::string, XmlTree> parse_read(const std::string& body) {
  const XmlTree doc = salesforce::parse_xml(body);
  return salesforce::parse_read_result(*salesforce::soap_body_payload(doc, nullptr));
}

// Add the button to a large layout and serialise it as upsertMetadata sends it.
void BM_PatchLargeLayout(benchmark::State& state) {
  const XmlTree layout = parse_read(read_response(1)).begin()->second;
  if (XmlTree probe = layout; !salesforce::add_button(probe, "Smart_Flows")) {
    state.SkipWithError("the sample layout already holds the button");
    return;
  }
  size_t bytes = 0;
  for (auto _ : state) {
    XmlTree copy = layout;
    benchmark::DoNotOptimize(salesforce::add_button(copy, "Smart_Flows"));
    const std::string out = salesforce::write_element("metadata", copy, "Layout");
    bytes = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["layout_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_PatchLargeLayout)->Unit(benchmark::kMicrosecond);

// Parse a readMetadata response holding 10 such layouts (one full batch).
void BM_ParseReadMetadata10Layouts(benchmark::State& state) {
  const std::string body = read_response(10);
  if (parse_read(body).size() != 10) {
    state.SkipWithError("the sample response does not hold 10 layouts");
    return;
  }
  for (auto _ : state) {
    auto layouts = parse_read(body);
    benchmark::DoNotOptimize(layouts.size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
  state.counters["response_bytes"] = static_cast<double>(body.size());
}
BENCHMARK(BM_ParseReadMetadata10Layouts)->Unit(benchmark::kMicrosecond);

// Normalise a My Domain typed in a sloppy shape (scheme, case, path, slash).
void BM_NormaliseLoginHost(benchmark::State& state) {
  const char* typed = " HTTPS://Acme--Dev.sandbox.my.salesforce.com/home ";
  const auto check = salesforce::resolve_login_host(salesforce::Environment::kCustom, typed, false);
  if (!check.ok || check.url != "https://acme--dev.sandbox.my.salesforce.com") {
    state.SkipWithError(("unexpected normalisation: " + check.url + check.error).c_str());
    return;
  }
  for (auto _ : state) {
    auto h = salesforce::resolve_login_host(salesforce::Environment::kCustom, typed, false);
    benchmark::DoNotOptimize(h.url.data());
  }
}
BENCHMARK(BM_NormaliseLoginHost);

void BM_DescribeWizardSchema(benchmark::State& state) {
  sftest::FakeHost host("{}");
  salesforce::SalesforceType type(host.host());
  for (auto _ : state) {
    const std::string schema = type.describe();
    benchmark::DoNotOptimize(schema.data());
  }
}
BENCHMARK(BM_DescribeWizardSchema);

// One `install` action on Account (2 layouts) against sfsim: the wall time
// of the whole action, over loopback HTTP. Each iteration uninstalls again
// (not timed) so every install is a first install.
void BM_InstallActionAgainstSfsim(benchmark::State& state) {
  sftest::Sim sim;
  sftest::FakeHost host(sftest::sim_config());
  salesforce::SalesforceType type(host.host());
  sftest::WizardAnswers skip;
  skip.buttons = "skip";
  sftest::WizardRun run = sftest::run_wizard(sim, type, skip);
  if (!run.result.IsObject()) {
    state.SkipWithError("the wizard did not complete against sfsim");
    return;
  }
  std::string connector_state = sftest::to_json(run.result["state"]);
  int calls = 0;
  for (auto _ : state) {
    state.PauseTiming();
    sim.reset_calls();
    state.ResumeTiming();
    const auto installed = sftest::parse(type.run_action(connector_state, "install", "{}", nullptr));
    state.PauseTiming();
    calls = sim.api_calls();
    const auto removed =
        sftest::parse(type.run_action(sftest::to_json(installed["state"]), "uninstall", "{}", nullptr));
    connector_state = sftest::to_json(removed["state"]);
    state.ResumeTiming();
  }
  state.counters["api_calls"] = calls;
}
BENCHMARK(BM_InstallActionAgainstSfsim)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
