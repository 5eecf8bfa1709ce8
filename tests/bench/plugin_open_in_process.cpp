// P1 without the process around it: opening the plugin inside a process that
// already runs, the host's loader against the bare dlopen+dlsym of
// dlopen_anchor.c. Each open is of a fresh copy of the library (its own
// inode, so the dynamic loader maps and relocates it anew rather than
// counting a reference), with the libraries it needs (libcurl's chain,
// libstdc++) already loaded, as they are in a host that has started.
// Both sides bind lazily what dlopen_anchor.c binds lazily; the loader binds
// the plugin's own symbols at once (RTLD_NOW), as it always does. Prints
// medians in microseconds (the loader, the anchor, the SHA-256 alone);
// asserts nothing.
// Usage: plugin_open_in_process <stage directory> [opens per side]
#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "loader/manifest.hpp"
#include "loader/plugin_registry.hpp"

namespace fs = std::filesystem;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

template <class F>
double micros(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
}

// A plugin root of its own: the manifest and a copy (not a link) of the library.
fs::path copy_root(const fs::path& stage, const fs::path& dir, const std::string& library) {
  fs::create_directories(dir / "manifests");
  fs::create_directories(dir / "plugins");
  fs::copy_file(stage / "manifests" / "salesforce.json", dir / "manifests" / "salesforce.json");
  fs::copy_file(stage / "plugins" / library, dir / "plugins" / library);
  return dir;
}

}  // namespace

// Opens `opens` copies each way under `work`; prints the medians.
int measure(const fs::path& stage, const fs::path& work, int opens) {
  const std::string library = "libsalesforce_connector.so";
  for (const fs::path& needed : {stage / "manifests" / "salesforce.json", stage / "plugins" / library}) {
    if (!fs::is_regular_file(needed)) {
      std::fprintf(stderr, "plugin_open_in_process: %s is missing (build the salesforce_connector target)\n",
                   needed.c_str());
      return 1;
    }
  }
  const std::size_t copies = 2 * static_cast<std::size_t>(opens) + 1;
  std::vector<fs::path> roots;
  roots.reserve(copies);
  for (std::size_t i = 0; i < copies; ++i) roots.push_back(copy_root(stage, work / std::to_string(i), library));

  // The first open loads what the library needs; it is not counted.
  if (dlopen((roots.back() / "plugins" / library).c_str(), RTLD_LAZY | RTLD_LOCAL) == nullptr) {
    std::fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  std::vector<double> anchor, host, hash;
  for (std::size_t i = 0; i < copies / 2; ++i) {  // alternated, so that drift falls on both sides
    const fs::path bare = roots[2 * i] / "plugins" / library;
    anchor.push_back(micros([&] {
      void* lib = dlopen(bare.c_str(), RTLD_LAZY | RTLD_LOCAL);
      if (lib == nullptr || dlsym(lib, "console_plugin_entry") == nullptr) std::abort();
    }));
    console_host::PluginRegistry reg(nullptr);
    host.push_back(micros([&] { reg.load_roots({roots[2 * i + 1].string()}); }));
    if (reg.plugins().size() != 1) {
      std::fprintf(stderr, "the loader refused %s\n", roots[2 * i + 1].c_str());
      return 1;
    }
    hash.push_back(micros([&] { console_host::file_sha256(bare.string()); }));
  }
  std::printf("%.1f %.1f %.1f\n", median(host), median(anchor), median(hash));
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <stage directory> [opens per side]\n", argv[0]);
    return 2;
  }
  const int opens = argc > 2 ? std::atoi(argv[2]) : 40;
  if (opens < 1) {
    std::fprintf(stderr, "plugin_open_in_process: opens per side must be a positive number, not '%s'\n", argv[2]);
    return 2;
  }
  const fs::path work = fs::temp_directory_path() / ("plugin-open-" + std::to_string(::getpid()));
  int rc = 1;
  try {
    rc = measure(argv[1], work, opens);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "plugin_open_in_process: %s\n", e.what());
  }
  std::error_code ignored;
  fs::remove_all(work, ignored);
  return rc;
}
