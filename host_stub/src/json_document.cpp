#include "json_document.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "console_plugin/input_bounds.hpp"
#include "host_error.hpp"

namespace console_host {

bool try_parse_json(rapidjson::Document& d, const std::string& text) {
  if (console::bounds::json_depth_exceeds(text, console::bounds::kMaxJsonDepth)) {
    d.SetNull();
    return false;
  }
  d.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
  return !d.HasParseError();
}

rapidjson::Document parse_json_object(const std::string& text, const std::string& what) {
  rapidjson::Document d;
  if (console::bounds::json_depth_exceeds(text, console::bounds::kMaxJsonDepth)) {
    throw HostError(ExitCode::kFailure,
                    what + " is nested deeper than " + std::to_string(console::bounds::kMaxJsonDepth) + " levels");
  }
  d.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
  if (d.HasParseError()) {
    throw HostError(ExitCode::kFailure, what + " is not valid JSON: " + rapidjson::GetParseError_En(d.GetParseError()) +
                                            " at offset " + std::to_string(d.GetErrorOffset()));
  }
  if (!d.IsObject()) throw HostError(ExitCode::kFailure, what + " is not a JSON object");
  return d;
}

std::string to_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string to_pretty_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

const rapidjson::Value* json_member(const rapidjson::Value& obj, const char* member) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(member);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

std::string json_string(const rapidjson::Value& obj, const char* member, const std::string& fallback) {
  const rapidjson::Value* v = json_member(obj, member);
  if (v == nullptr || !v->IsString()) return fallback;
  return std::string(v->GetString(), v->GetStringLength());
}

bool json_bool(const rapidjson::Value& obj, const char* member, bool fallback) {
  const rapidjson::Value* v = json_member(obj, member);
  if (v == nullptr || !v->IsBool()) return fallback;
  return v->GetBool();
}

std::string json_scalar_text(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  if (v.IsNull()) return "";
  return to_json(v);
}

std::string json_quote(const std::string& s) {
  rapidjson::Value v(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  return to_json(v);
}

}  // namespace console_host
