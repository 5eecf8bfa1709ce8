// manifest.hpp -- reads and checks a plugin manifest before any plugin code runs.
//
// A manifest (manifests/<plugin>.json) says who the plugin is, which ABI it
// needs, which library file holds it (relative to <root>/plugins) and that
// file's SHA-256, and which connector types it provides:
//
//   {"manifest_version": 1,
//    "plugin": {"id": "salesforce", "display_name": "Salesforce connector", "version": "0.1.0"},
//    "abi": {"major": 1, "min_minor": 0},
//    "library": {"file": "libsalesforce_connector.so", "sha256": "<64 hex>"},
//    "types": ["salesforce"]}
//
//   console_host::Manifest m;
//   console_host::ManifestProblem p;
//   if (!console_host::parse_manifest(text, m, p)) report(path, p.field, p.reason);
#ifndef CONSOLE_HOST_LOADER_MANIFEST_HPP
#define CONSOLE_HOST_LOADER_MANIFEST_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace console_host {

struct Manifest {
  std::string id;
  std::string display_name;
  std::string version;
  uint32_t abi_major = 0;
  uint32_t abi_min_minor = 0;
  std::string library_file;
  std::string library_sha256;  // lower-case hex
  std::vector<std::string> types;
};

// What is wrong with a manifest: the field (dotted path) and why.
struct ManifestProblem {
  std::string field;
  std::string reason;
};

// Parses and validates manifest text. Returns false and fills `problem` with
// the first field at fault.
// The largest manifest read; real ones are a few hundred bytes.
constexpr std::size_t kMaxManifestBytes = std::size_t{1024} * 1024;

bool parse_manifest(const std::string& text, Manifest& out, ManifestProblem& problem);

// The SHA-256 of a file as lower-case hex, or "" when it cannot be read.
std::string file_sha256(const std::string& path);

}  // namespace console_host

#endif  // CONSOLE_HOST_LOADER_MANIFEST_HPP
