#include "loader/manifest.hpp"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <memory>
#include <regex>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

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

bool string_field(const Value& obj, const char* key, const std::string& path, std::string& out,
                  ManifestProblem& p) {
  const Value* v = member(obj, key, path, rapidjson::kStringType, "a string", p);
  if (!v) return false;
  out.assign(v->GetString(), v->GetStringLength());
  if (out.empty()) return fail(p, path, "must not be empty");
  return true;
}

const std::regex& id_pattern() {
  static const std::regex re("^[a-z][a-z0-9_-]{0,63}$");
  return re;
}

}  // namespace

bool parse_manifest(const std::string& text, Manifest& m, ManifestProblem& p) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  if (d.HasParseError()) {
    return fail(p, "(document)", std::string("not valid JSON: ") + rapidjson::GetParseError_En(d.GetParseError()) +
                                     " at offset " + std::to_string(d.GetErrorOffset()));
  }
  if (!d.IsObject()) return fail(p, "(document)", "must be a JSON object");

  const Value* mv = member(d, "manifest_version", "manifest_version", rapidjson::kNumberType, "an integer", p);
  if (!mv) return false;
  if (mv->GetUint() != 1) {
    return fail(p, "manifest_version", "unsupported manifest version " + std::to_string(mv->GetUint()) +
                                           " (this host reads version 1)");
  }

  const Value* plugin = member(d, "plugin", "plugin", rapidjson::kObjectType, "an object", p);
  if (!plugin) return false;
  if (!string_field(*plugin, "id", "plugin.id", m.id, p)) return false;
  if (!std::regex_match(m.id, id_pattern())) {
    return fail(p, "plugin.id", "'" + m.id + "' is not a valid id (lower-case letters, digits, '-' and '_')");
  }
  if (!string_field(*plugin, "display_name", "plugin.display_name", m.display_name, p)) return false;
  if (!string_field(*plugin, "version", "plugin.version", m.version, p)) return false;
  static const std::regex semver(
      R"(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$)");
  if (!std::regex_match(m.version, semver)) {
    return fail(p, "plugin.version", "'" + m.version + "' is not a semantic version (MAJOR.MINOR.PATCH)");
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
    return fail(p, "library.file", "'" + m.library_file + "' must be a plain file name inside the plugin directory");
  }
  if (!string_field(*lib, "sha256", "library.sha256", m.library_sha256, p)) return false;
  static const std::regex hex64("^[0-9a-fA-F]{64}$");
  if (!std::regex_match(m.library_sha256, hex64)) {
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
    if (!std::regex_match(id, id_pattern())) return fail(p, path, "'" + id + "' is not a valid type id");
    for (const auto& seen : m.types) {
      if (seen == id) return fail(p, path, "type '" + id + "' is listed twice");
    }
    m.types.push_back(id);
  }
  return true;
}

std::string file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return {};
  std::array<char, 64 * 1024> buf;
  while (in) {
    in.read(buf.data(), buf.size());
    if (in.gcount() > 0 && EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<size_t>(in.gcount())) != 1) return {};
  }
  if (in.bad()) return {};
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest, &len) != 1) return {};
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace console_host
