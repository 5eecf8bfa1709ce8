#include "token_revoke.h"

#include "console_plugin/console_plugin.hpp"
#include "salesforce_errors.h"
#include "url_codec.h"

namespace salesforce {

void revoke_refresh_token(HttpClient& http, const std::string& login_url, const std::string& token) {
  if (token.empty()) return;
  HttpRequest req;
  req.method = "POST";
  req.url = login_url + "/services/oauth2/revoke";
  req.headers = {"Content-Type: application/x-www-form-urlencoded"};
  req.body = form_encode({{"token", token}});
  const HttpResponse res = http.send(req);
  if (res.status == 200) return;
  if (auto e = parse_oauth_error(res.body); e && (e->error == "invalid_token" || e->error == "invalid_grant")) return;
  throw console::Error(
      CONSOLE_ERR_REMOTE_ERROR,
      "Salesforce did not revoke the connector's refresh token (HTTP " + std::to_string(res.status) + ").", "",
      res.status >= 500);
}

}  // namespace salesforce
