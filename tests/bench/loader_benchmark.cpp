// How much the plugin boundary costs: reading a manifest, verifying and
// loading a plugin root, and one JSON round trip through the C ABI.
// Run: build/default/tests/bench/loader_benchmark (label `bench`, not in CI).
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <string>

#include "loader/manifest.hpp"
#include "loader/plugin_registry.hpp"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void BM_ParseManifest(benchmark::State& state) {
  const std::string text = read(std::string(BENCH_ROOT) + "/manifests/tp_alpha.json");
  for (auto _ : state) {
    console_host::Manifest m;
    console_host::ManifestProblem p;
    benchmark::DoNotOptimize(console_host::parse_manifest(text, m, p));
  }
}
BENCHMARK(BM_ParseManifest);

// Includes the SHA-256 of the library, the dominant cost.
void BM_LoadPluginRoot(benchmark::State& state) {
  for (auto _ : state) {
    console_host::PluginRegistry reg(nullptr);
    reg.load_roots({BENCH_ROOT});
    benchmark::DoNotOptimize(reg.plugins().size());
  }
}
BENCHMARK(BM_LoadPluginRoot)->Unit(benchmark::kMicrosecond);

void BM_DescribeThroughTheAbi(benchmark::State& state) {
  console_host::PluginRegistry reg(nullptr);
  reg.load_roots({BENCH_ROOT});
  const auto* t = reg.find_type("alpha");
  for (auto _ : state) {
    char* out = nullptr;
    t->desc.describe(t->desc.type_data, &out);
    reg.free_string(*t, out);
  }
}
BENCHMARK(BM_DescribeThroughTheAbi);

}  // namespace

BENCHMARK_MAIN();
