#include "loader/manifest.hpp"

// Before OpenSSL's headers: file_sha256() uses the low-level SHA-256 functions
// that OpenSSL 3 marks deprecated (see there why).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/opensslconf.h>
#include <openssl/sha.h>
#if !defined(OPENSSL_NO_DEPRECATED_3_0)
#define CONSOLE_HOST_SHA256_LOW_LEVEL
#endif
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <array>
#include <fstream>
#include <memory>

#include "console_plugin/input_bounds.hpp"

namespace console_host {
namespace {

using rapidjson::Value;

bool fail(ManifestProblem& p, std::string field, std::string reason) {
  p.field = std::move(field);
  p.reason = std::move(reason);
  return false;
}

const char* json_type_name(const Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "a boolean";
  if (v.IsNumber()) return "a number";
  if (v.IsString()) return "a string";
  if (v.IsArray()) return "an array";
  return "an object";
}

// Fetches a required member of the given JSON kind, reporting by dotted path.
const Value* member(const Value& obj, const char* key, const std::string& path, rapidjson::Type kind,
                    const char* kind_name, ManifestProblem& p) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) {
    fail(p, path, "required field is missing");
    return nullptr;
  }
  // Numbers in a manifest are versions: non-negative integers only.
  const bool ok = kind == rapidjson::kNumberType ? it->value.IsUint() : it->value.GetType() == kind;
  if (!ok) {
    fail(p, path, std::string("must be ") + kind_name + ", not " + json_type_name(it->value));
    return nullptr;
  }
  return &it->value;
}

bool string_field(const Value& obj, const char* key, const std::string& path, std::string& out, ManifestProblem& p) {
  const Value* v = member(obj, key, path, rapidjson::kStringType, "a string", p);
  if (!v) return false;
  out.assign(v->GetString(), v->GetStringLength());
  if (out.empty()) return fail(p, path, "must not be empty");
  return true;
}

// The checks below are plain code, not patterns: std::regex recurses once
// per character and a 100,000-digit version crashed the host.

// ^[a-z][a-z0-9_-]{0,63}$
bool is_valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64 || id[0] < 'a' || id[0] > 'z') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A non-empty run of [0-9A-Za-z.-], the pre-release and build parts.
bool is_semver_suffix(const std::string& s, size_t begin, size_t end) {
  if (begin >= end) return false;
  for (size_t i = begin; i < end; ++i) {
    const char c = s[i];
    if (!(is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-')) return false;
  }
  return true;
}

// MAJOR.MINOR.PATCH[-pre][+build], each number without a leading zero.
bool is_semver(const std::string& v) {
  if (v.size() > 256) return false;
  size_t i = 0;
  for (int part = 0; part < 3; ++part) {
    if (part > 0) {
      if (i >= v.size() || v[i] != '.') return false;
      ++i;
    }
    const size_t begin = i;
    while (i < v.size() && is_digit(v[i])) ++i;
    if (i == begin || (v[begin] == '0' && i - begin > 1)) return false;
  }
  const size_t plus = v.find('+', i);
  if (i < v.size() && v[i] == '-') {
    if (!is_semver_suffix(v, i + 1, plus == std::string::npos ? v.size() : plus)) return false;
  } else if (i != v.size() && i != plus) {
    return false;
  }
  return plus == std::string::npos || is_semver_suffix(v, plus + 1, v.size());
}

// A manifest value quoted in a message, cut to a readable length.
std::string shown(const std::string& value) { return console::bounds::truncate_for_display(value, 80); }

bool is_hex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!(is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

}  // namespace

bool parse_manifest(const std::string& text, Manifest& m, ManifestProblem& p) {
  if (text.size() > kMaxManifestBytes) {
    return fail(p, "(document)", "is larger than " + std::to_string(kMaxManifestBytes / 1024) + " KB");
  }
  if (console::bounds::json_depth_exceeds(text, console::bounds::kMaxJsonDepth)) {
    return fail(p, "(document)", "is nested deeper than " + std::to_string(console::bounds::kMaxJsonDepth) + " levels");
  }
  rapidjson::Document d;
  d.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
  if (d.HasParseError()) {
    return fail(p, "(document)",
                std::string("not valid JSON: ") + rapidjson::GetParseError_En(d.GetParseError()) + " at offset " +
                    std::to_string(d.GetErrorOffset()));
  }
  if (!d.IsObject()) return fail(p, "(document)", "must be a JSON object");

  const Value* mv = member(d, "manifest_version", "manifest_version", rapidjson::kNumberType, "an integer", p);
  if (!mv) return false;
  if (mv->GetUint() != 1) {
    return fail(p, "manifest_version",
                "unsupported manifest version " + std::to_string(mv->GetUint()) + " (this host reads version 1)");
  }

  const Value* plugin = member(d, "plugin", "plugin", rapidjson::kObjectType, "an object", p);
  if (!plugin) return false;
  if (!string_field(*plugin, "id", "plugin.id", m.id, p)) return false;
  if (!is_valid_id(m.id)) {
    return fail(p, "plugin.id", "'" + shown(m.id) + "' is not a valid id (lower-case letters, digits, '-' and '_')");
  }
  if (!string_field(*plugin, "display_name", "plugin.display_name", m.display_name, p)) return false;
  if (!string_field(*plugin, "version", "plugin.version", m.version, p)) return false;
  if (!is_semver(m.version)) {
    return fail(p, "plugin.version", "'" + shown(m.version) + "' is not a semantic version (MAJOR.MINOR.PATCH)");
  }

  const Value* abi = member(d, "abi", "abi", rapidjson::kObjectType, "an object", p);
  if (!abi) return false;
  const Value* major = member(*abi, "major", "abi.major", rapidjson::kNumberType, "an integer", p);
  if (!major) return false;
  m.abi_major = major->GetUint();
  const Value* min_minor = member(*abi, "min_minor", "abi.min_minor", rapidjson::kNumberType, "an integer", p);
  if (!min_minor) return false;
  m.abi_min_minor = min_minor->GetUint();

  const Value* lib = member(d, "library", "library", rapidjson::kObjectType, "an object", p);
  if (!lib) return false;
  if (!string_field(*lib, "file", "library.file", m.library_file, p)) return false;
  if (m.library_file.find('/') != std::string::npos || m.library_file.find('\\') != std::string::npos ||
      m.library_file == "." || m.library_file == "..") {
    return fail(p, "library.file",
                "'" + shown(m.library_file) + "' must be a plain file name inside the plugin directory");
  }
  if (!string_field(*lib, "sha256", "library.sha256", m.library_sha256, p)) return false;
  if (!is_hex64(m.library_sha256)) {
    return fail(p, "library.sha256", "must be 64 hexadecimal digits (the SHA-256 of the library)");
  }
  for (auto& c : m.library_sha256) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

  const Value* types = member(d, "types", "types", rapidjson::kArrayType, "an array", p);
  if (!types) return false;
  if (types->Empty()) return fail(p, "types", "must list at least one connector type");
  for (rapidjson::SizeType i = 0; i < types->Size(); ++i) {
    const std::string path = "types[" + std::to_string(i) + "]";
    const Value& t = (*types)[i];
    if (!t.IsString()) return fail(p, path, std::string("must be a string, not ") + json_type_name(t));
    std::string id(t.GetString(), t.GetStringLength());
    if (!is_valid_id(id)) return fail(p, path, "'" + shown(id) + "' is not a valid type id");
    for (const auto& seen : m.types) {
      if (seen == id) return fail(p, path, "type '" + shown(id) + "' is listed twice");
    }
    m.types.push_back(id);
  }
  return true;
}

// The library is hashed with OpenSSL's low-level SHA-256 rather than EVP: at a
// process's first EVP fetch OpenSSL reads its configuration file, activates the
// default provider and builds its algorithm name map, 1.3-1.7 ms here, three
// times the hash of the library itself, and `plugins list` does no other
// cryptography (P1 in docs/performance.md). The low-level functions run the
// same assembly (SHA-NI where the CPU has it). OpenSSL 3 deprecates them but
// keeps them in every build with its deprecated interfaces, Debian's among
// them; a build without falls back to EVP.
std::string file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
#ifdef CONSOLE_HOST_SHA256_LOW_LEVEL
  SHA256_CTX ctx;
  if (SHA256_Init(&ctx) != 1) return {};
  const auto update = [&ctx](const char* data, std::size_t n) { return SHA256_Update(&ctx, data, n) == 1; };
  const auto finish = [&ctx, &digest] { return SHA256_Final(digest.data(), &ctx) == 1; };
#else
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return {};
  const auto update = [&ctx](const char* data, std::size_t n) { return EVP_DigestUpdate(ctx.get(), data, n) == 1; };
  const auto finish = [&ctx, &digest] { return EVP_DigestFinal_ex(ctx.get(), digest.data(), nullptr) == 1; };
#endif
  std::array<char, std::size_t{64} * 1024> buf;
  while (in) {
    in.read(buf.data(), buf.size());
    if (in.gcount() > 0 && !update(buf.data(), static_cast<std::size_t>(in.gcount()))) return {};
  }
  if (in.bad() || !finish()) return {};
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (const unsigned char byte : digest) {
    out += hex[byte >> 4];
    out += hex[byte & 0xf];
  }
  return out;
}

}  // namespace console_host
