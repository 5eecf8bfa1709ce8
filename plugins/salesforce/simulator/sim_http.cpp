#include "sim_http.h"

#include <algorithm>
#include <cctype>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

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
    if (to_lower(h.first) == to_lower(name)) {
      h.second = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

std::string SimResponse::header(const std::string& name) const {
  for (const auto& h : headers)
    if (to_lower(h.first) == to_lower(name)) return h.second;
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

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool percent_decode(const std::string& in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

bool decode_form(const std::string& body, ParamMap& out) {
  bool ok = true;
  for (const auto& pair : split(body, '&')) {
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string key, value;
    const bool k_ok = percent_decode(pair.substr(0, eq), key, true);
    const bool v_ok = eq == std::string::npos || percent_decode(pair.substr(eq + 1), value, true);
    if (!k_ok || !v_ok) {
      ok = false;
      continue;
    }
    out.emplace(key, value);
  }
  return ok;
}

std::string url_encode(const std::string& in) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& f : fields) {
    if (!out.empty()) out.push_back('&');
    out += url_encode(f.first) + "=" + url_encode(f.second);
  }
  return out;
}

std::string first_param(const ParamMap& params, const std::string& name) {
  const auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

bool has_param(const ParamMap& params, const std::string& name) {
  return params.find(name) != params.end();
}

std::string to_lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// The same five escapes serve XML text and attributes (&#39; is valid XML).
std::string xml_escape(const std::string& s) { return html_escape(s); }

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string::size_type start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  return parts;
}

}  // namespace sfsim
