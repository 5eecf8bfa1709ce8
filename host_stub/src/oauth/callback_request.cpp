#include "oauth/callback_request.hpp"

#include <curl/curl.h>

#include <memory>

namespace console_host {
namespace {

using UrlHandle = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

// Parses `url`; a bare target is resolved against a fixed loopback origin.
UrlHandle parse_url(const std::string& url) {
  UrlHandle h(curl_url(), &curl_url_cleanup);
  if (!h) return h;
  const std::string absolute = !url.empty() && url[0] == '/' ? "http://localhost" + url : url;
  if (curl_url_set(h.get(), CURLUPART_URL, absolute.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) h.reset();
  return h;
}

std::string url_part(CURLU* h, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(h, part, &value, 0) != CURLUE_OK || value == nullptr) return {};
  std::string out(value);
  curl_free(value);
  return out;
}

std::string unescape(const std::string& s) {
  std::string plus_as_space = s;
  for (auto& c : plus_as_space)
    if (c == '+') c = ' ';
  int n = 0;
  char* raw = curl_easy_unescape(nullptr, plus_as_space.c_str(), static_cast<int>(plus_as_space.size()), &n);
  if (raw == nullptr) return {};
  std::string out(raw, static_cast<size_t>(n));
  curl_free(raw);
  return out;
}

}  // namespace

std::optional<std::string> query_parameter(const std::string& url, const std::string& name) {
  const UrlHandle h = parse_url(url);
  if (!h) return std::nullopt;
  const std::string query = url_part(h.get(), CURLUPART_QUERY);
  size_t begin = 0;
  while (begin <= query.size()) {
    size_t end = query.find('&', begin);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(begin, end - begin);
    const size_t eq = pair.find('=');
    if (unescape(pair.substr(0, eq)) == name) return eq == std::string::npos ? "" : unescape(pair.substr(eq + 1));
    begin = end + 1;
  }
  return std::nullopt;
}

CallbackTarget classify_callback_target(const std::string& target, const std::string& callback_path,
                                        const std::string& expected_state) {
  const UrlHandle h = parse_url(target);
  if (!h || url_part(h.get(), CURLUPART_PATH) != callback_path) return CallbackTarget::kNotFound;
  if (expected_state.empty()) return CallbackTarget::kRedirect;
  const auto state = query_parameter(target, "state");
  return state && *state == expected_state ? CallbackTarget::kRedirect : CallbackTarget::kWrongState;
}

}  // namespace console_host
