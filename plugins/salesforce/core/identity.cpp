#include "identity.h"

#include <cstdlib>

#include "console_plugin/console_plugin.hpp"
#include "salesforce_errors.h"

namespace salesforce {

std::string choose_api_version(HttpClient& http, const std::string& instance_url, const std::string& configured) {
  HttpRequest req;
  req.url = instance_url + "/services/data/";
  req.headers = {"Accept: application/json"};
  const HttpResponse res = http.send(req);
  if (res.status != 200) throw http_failure(res.status, "the API version list");
  rapidjson::Document d;
  if (!console::json::try_parse(d, res.body) || !d.IsArray()) {
    throw console::Error(CONSOLE_ERR_REMOTE_ERROR, "Salesforce's API version list is not usable.", "", true);
  }
  std::string newest;
  double newest_value = 0;
  bool configured_offered = false;
  for (const auto& v : d.GetArray()) {
    const std::string version = console::json::get_string(v, "version");
    if (version.empty()) continue;
    const double value = std::strtod(version.c_str(), nullptr);
    if (value > newest_value) {
      newest_value = value;
      newest = version;
    }
    if (version == configured) configured_offered = true;
  }
  if (!configured.empty()) {
    if (!configured_offered) {
      throw console::Error(CONSOLE_ERR_INVALID_INPUT,
                           "The org does not offer API version " + configured + " (its newest is " + newest +
                               "); fix api_version in the console's Salesforce configuration.");
    }
    return configured;
  }
  if (newest.empty() || newest_value < std::strtod(kMinimumApiVersion, nullptr)) {
    throw console::Error(CONSOLE_ERR_UNSUPPORTED, std::string("The org offers no API version from ") +
                                                      kMinimumApiVersion + " on, which Smart Flows needs.");
  }
  return newest;
}

}  // namespace salesforce
