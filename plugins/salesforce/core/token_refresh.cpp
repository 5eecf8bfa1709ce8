#include "token_refresh.h"

#include "console_plugin/console_plugin.hpp"
#include "salesforce_errors.h"
#include "url_codec.h"

namespace salesforce {

TokenSet refresh_tokens(HttpClient& http, const PluginConfig& config, const std::string& login_url,
                        const std::string& refresh_token) {
  if (refresh_token.empty()) {
    throw console::Error(CONSOLE_ERR_AUTH_REQUIRED, kReauthorizationNeededMessage);
  }
  HttpRequest req;
  req.method = "POST";
  req.url = login_url + "/services/oauth2/token";
  req.headers = {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"};
  FormFields fields = {
      {"grant_type", "refresh_token"}, {"refresh_token", refresh_token}, {"client_id", config.client_id}};
  if (!config.client_secret.empty()) fields.emplace_back("client_secret", config.client_secret);
  req.body = form_encode(fields);
  const HttpResponse res = http.send(req);
  if (res.status == 200) {
    TokenSet t = parse_token_response(res.body, false);
    if (t.refresh_token.empty()) t.refresh_token = refresh_token;
    return t;
  }
  if (auto e = parse_oauth_error(res.body)) throw oauth_failure(*e, OAuthPhase::kRefresh, "");
  throw http_failure(res.status, "the token refresh");
}

}  // namespace salesforce
