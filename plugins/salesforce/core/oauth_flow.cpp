#include "oauth_flow.h"

#include "console_plugin/console_plugin.hpp"
#include "oauth_state.h"
#include "pkce.h"
#include "salesforce_errors.h"
#include "url_codec.h"
#include "wizard_schema.h"

namespace salesforce {

AuthorizationAttempt start_authorization(const std::string& login_url, const std::string& redirect_uri) {
  AuthorizationAttempt a;
  const PkcePair pkce = make_pkce_pair();
  a.state = make_oauth_state();
  a.verifier = pkce.verifier;
  a.login_url = login_url;
  a.redirect_uri = redirect_uri;
  return a;
}

std::string authorize_url(const AuthorizationAttempt& attempt, const std::string& client_id) {
  return attempt.login_url + "/services/oauth2/authorize?" +
         form_encode({{"response_type", "code"},
                      {"client_id", client_id},
                      {"redirect_uri", attempt.redirect_uri},
                      {"scope", kOAuthScopes},
                      {"state", attempt.state},
                      {"code_challenge", pkce_challenge(attempt.verifier)},
                      {"code_challenge_method", "S256"},
                      {"prompt", "login consent"}});
}

RedirectParams parse_redirect(const std::string& redirect_url, const std::string& redirect_uri) {
  std::string query;
  try {
    const std::string expected = origin_of(redirect_uri) + path_of(redirect_uri);
    const std::string actual = origin_of(redirect_url) + path_of(redirect_url);
    if (expected != actual) throw console::Error(CONSOLE_ERR_INVALID_INPUT, "");
    query = query_of(redirect_url);
  } catch (const console::Error&) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT,
                         "The URL handed to the connector is not the Salesforce redirect to this console's callback "
                         "URL. Press Authorize Smart Flows to try again.",
                         kFieldAuthorize);
  }
  const auto params = parse_query(query);
  RedirectParams r;
  auto get = [&](const char* key) {
    const auto it = params.find(key);
    return it == params.end() ? std::string() : it->second;
  };
  r.code = get("code");
  r.state = get("state");
  r.error = get("error");
  r.error_description = get("error_description");
  if (r.code.empty() && r.error.empty()) {
    throw console::Error(CONSOLE_ERR_INVALID_INPUT,
                         "The Salesforce redirect carries neither an authorization code nor an error. Press Authorize "
                         "Smart Flows to try again.",
                         kFieldAuthorize);
  }
  return r;
}

bool is_salesforce_oauth_error_page(const std::string& url, const std::string& login_url) {
  try {
    return origin_of(url) == origin_of(login_url) && path_of(url) == "/setup/secur/RemoteAccessErrorPage.apexp";
  } catch (const console::Error&) {
    return false;
  }
}

RedirectParams parse_error_page(const std::string& url) {
  const auto params = parse_query(query_of(url));
  RedirectParams r;
  if (auto it = params.find("error"); it != params.end()) r.error = it->second;
  if (auto it = params.find("error_description"); it != params.end()) r.error_description = it->second;
  return r;
}

void split_identity_url(const std::string& id_url, std::string& org_id, std::string& user_id) {
  std::string path = id_url.substr(0, id_url.find('?'));
  while (!path.empty() && path.back() == '/') path.pop_back();
  const auto last = path.rfind('/');
  if (last == std::string::npos || last == 0) return;
  const auto before = path.rfind('/', last - 1);
  if (before == std::string::npos) return;
  user_id = path.substr(last + 1);
  org_id = path.substr(before + 1, last - before - 1);
}

TokenSet parse_token_response(const std::string& body, bool require_refresh_token) {
  rapidjson::Document d;
  const bool parsed = console::json::try_parse(d, body);
  const auto malformed = [](const std::string& what) {
    return console::Error(CONSOLE_ERR_REMOTE_ERROR, "Salesforce's token response is not usable (" + what + ").", "",
                          true);
  };
  if (!parsed || !d.IsObject()) throw malformed("not a JSON object");
  using console::json::get_string;
  TokenSet t;
  t.access_token = get_string(d, "access_token");
  t.refresh_token = get_string(d, "refresh_token");
  t.instance_url = get_string(d, "instance_url");
  t.id_url = get_string(d, "id");
  while (!t.instance_url.empty() && t.instance_url.back() == '/') t.instance_url.pop_back();
  if (t.access_token.empty()) throw malformed("no access_token");
  if (t.instance_url.empty()) throw malformed("no instance_url");
  if (t.id_url.empty()) throw malformed("no id");
  if (require_refresh_token && t.refresh_token.empty()) {
    throw console::Error(CONSOLE_ERR_AUTH_DENIED,
                         "Salesforce issued no refresh token. Add the \"Perform requests at any time "
                         "(refresh_token, offline_access)\" scope to the Connected App, then authorize again.",
                         kFieldAuthorize);
  }
  split_identity_url(t.id_url, t.org_id, t.user_id);
  if (t.org_id.empty() || t.user_id.empty()) throw malformed("the id URL names no org and user");
  return t;
}

TokenSet exchange_code(HttpClient& http, const PluginConfig& config, const AuthorizationAttempt& attempt,
                       const std::string& code) {
  HttpRequest req;
  req.method = "POST";
  req.url = attempt.login_url + "/services/oauth2/token";
  req.headers = {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"};
  FormFields fields = {{"grant_type", "authorization_code"},
                       {"code", code},
                       {"client_id", config.client_id},
                       {"redirect_uri", attempt.redirect_uri},
                       {"code_verifier", attempt.verifier}};
  if (!config.client_secret.empty()) fields.emplace_back("client_secret", config.client_secret);
  req.body = form_encode(fields);
  req.idempotent = false;  // a code is single-use
  HttpResponse res;
  try {
    res = http.send(req);
  } catch (const console::Error& e) {
    throw console::Error(e.code(), std::string(e.what()) + " Press Authorize Smart Flows to try again.",
                         kFieldAuthorize, e.retryable());
  }
  if (res.status == 200) return parse_token_response(res.body, true);
  if (auto e = parse_oauth_error(res.body)) throw oauth_failure(*e, OAuthPhase::kCodeExchange, kFieldAuthorize);
  throw console::Error(CONSOLE_ERR_REMOTE_ERROR,
                       "Salesforce's token endpoint answered HTTP " + std::to_string(res.status) +
                           ". Press Authorize Smart Flows to try again.",
                       kFieldAuthorize, res.status >= 500);
}

}  // namespace salesforce
