#include "sim_http.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/algorithm/string.hpp>

namespace sfsim {

void SimRequest::set_target(const std::string& raw_target) {
  target = raw_target;
  const auto q = raw_target.find('?');
  const std::string raw_path = raw_target.substr(0, q);
  query = q == std::string::npos ? std::string() : raw_target.substr(q + 1);
  if (!percent_decode(raw_path, path, false)) path = raw_path;
}

std::string SimRequest::header(const std::string& lower_name) const {
  const auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

ParamMap SimRequest::query_params() const {
  ParamMap params;
  decode_form(query, params);
  return params;
}

void SimResponse::set_header(const std::string& name, const std::string& value) {
  for (auto& h : headers) {
    if (boost::iequals(h.first, name)) {
      h.second = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

std::string SimResponse::header(const std::string& name) const {
  for (const auto& h : headers)
    if (boost::iequals(h.first, name)) return h.second;
  return {};
}

SimResponse make_response(int status, const std::string& content_type, std::string body) {
  SimResponse res;
  res.status = status;
  if (!content_type.empty()) res.set_header("Content-Type", content_type);
  res.body = std::move(body);
  return res;
}

SimResponse json_response(int status, std::string json_body) {
  return make_response(status, kJsonContentType, std::move(json_body));
}

SimResponse rest_error(int status, const std::string& error_code, const std::string& message) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  w.StartObject();
  w.Key("message");
  w.String(message);
  w.Key("errorCode");
  w.String(error_code);
  w.EndObject();
  w.EndArray();
  return json_response(status, buf.GetString());
}

SimResponse oauth_error(int status, const std::string& error, const std::string& description) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("error");
  w.String(error);
  w.Key("error_description");
  w.String(description);
  w.EndObject();
  return json_response(status, buf.GetString());
}

SimResponse redirect_response(const std::string& location) {
  SimResponse res = make_response(302, kHtmlContentType, "");
  res.set_header("Location", location);
  return res;
}

}  // namespace sfsim
