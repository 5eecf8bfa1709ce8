#include "serve/serve_config.hpp"

#include <rapidjson/document.h>

#include <boost/asio/ip/address.hpp>

#include "host_error.hpp"
#include "json_document.hpp"

namespace console_host {
namespace {

int int_of(const rapidjson::Value& obj, const char* key, int fallback) {
  const auto* v = json_member(obj, key);
  if (v == nullptr) return fallback;
  if (v->IsInt()) return v->GetInt();
  throw HostError(ExitCode::kInvalidInput, std::string("[serve] ") + key + " must be a whole number");
}

double number_of(const rapidjson::Value& obj, const char* key, double fallback) {
  const auto* v = json_member(obj, key);
  if (v == nullptr) return fallback;
  if (v->IsNumber()) return v->GetDouble();
  if (v->IsString()) {
    try {
      return std::stod(v->GetString());
    } catch (const std::exception&) {
    }
  }
  throw HostError(ExitCode::kInvalidInput, std::string("[serve] ") + key + " must be a number");
}

void parse_listen(const std::string& text, ServeConfig& c) {
  auto colon = text.rfind(':');
  std::string host = colon == std::string::npos ? text : text.substr(0, colon);
  std::string port = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  bool port_ok = !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos &&
                 std::stoi(port) <= 65535;
  if (ec || !port_ok)
    throw HostError(ExitCode::kUsage, "--listen \"" + text + "\" is not ADDRESS:PORT", "e.g. --listen 127.0.0.1:8080");
  c.address = host;
  c.port = std::stoi(port);
}

}  // namespace

bool is_loopback_address(const std::string& address) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(address, ec);
  return !ec && a.is_loopback();
}

std::string default_public_url(const std::string& address, int port, bool tls) {
  std::string h = address.find(':') != std::string::npos ? "[" + address + "]" : address;
  return std::string(tls ? "https://" : "http://") + h + ":" + std::to_string(port);
}

ServeConfig load_serve_config(const HostConfig& host, const std::string& listen_flag,
                              const std::string& public_url_flag) {
  ServeConfig c;
  rapidjson::Document d;
  auto section = host.plugin_sections.find("serve");
  if (!try_parse_json(d, section != host.plugin_sections.end() ? section->second : "{}") || !d.IsObject())
    d.SetObject();
  std::string listen = !listen_flag.empty() ? listen_flag : json_string(d, "listen", "127.0.0.1:8080");
  parse_listen(listen, c);
  c.threads = int_of(d, "threads", c.threads);
  c.session_idle_minutes = int_of(d, "session_idle_minutes", c.session_idle_minutes);
  c.wizard_idle_seconds = int_of(d, "wizard_idle_seconds", c.wizard_idle_seconds);
  c.sweep_seconds = int_of(d, "sweep_seconds", c.sweep_seconds);
  c.keepalive_idle_days = number_of(d, "keepalive_idle_days", c.keepalive_idle_days);
  c.keepalive_check_seconds = int_of(d, "keepalive_check_seconds", c.keepalive_check_seconds);
  c.tls_cert = json_string(d, "tls_cert");
  c.tls_key = json_string(d, "tls_key");
  c.admin_user = json_string(d, "admin_user", "admin");
  c.admin_password = json_string(d, "admin_password");
  if (c.threads < 1 || c.threads > 256)
    throw HostError(ExitCode::kInvalidInput, "[serve] threads must be from 1 to 256");
  if (c.sweep_seconds < 1 || c.keepalive_check_seconds < 1)
    throw HostError(ExitCode::kInvalidInput, "[serve] sweep_seconds and keepalive_check_seconds must be at least 1");
  if (c.tls_cert.empty() != c.tls_key.empty())
    throw HostError(ExitCode::kInvalidInput, "[serve] tls_cert and tls_key go together");
  if (!is_loopback_address(c.address)) {
    if (!c.tls() || c.admin_password.empty()) {
      throw HostError(ExitCode::kUsage,
                      "serving on " + c.address + " (not a loopback address) requires TLS and an admin credential",
                      "set tls_cert, tls_key and admin_password in the [serve] section, or listen on 127.0.0.1");
    }
  }
  std::string pub = !public_url_flag.empty() ? public_url_flag : json_string(d, "public_url");
  if (pub.empty()) {
    pub = default_public_url(c.address, c.port, c.tls());
    c.public_url_defaulted = true;
  }
  while (!pub.empty() && pub.back() == '/') pub.pop_back();
  if (pub.rfind("http://", 0) != 0 && pub.rfind("https://", 0) != 0)
    throw HostError(ExitCode::kUsage, "public_url \"" + pub + "\" must start with http:// or https://");
  c.public_url = pub;
  return c;
}

}  // namespace console_host
