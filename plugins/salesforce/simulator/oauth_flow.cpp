// The browser side of the OAuth 2.0 web server flow: validating an
// authorize request against the Connected App, the login step and the
// Allow/Deny step. Both the HTML forms and /__sim/browser/authorize go
// through these functions, so a scripted login behaves like a real one.
#include "oauth_flow.h"

#include <algorithm>
#include <boost/algorithm/string.hpp>
#include <sstream>

#include "crypto_util.h"

namespace sfsim {

namespace {

constexpr int64_t kPendingTtlMs = 30LL * 60 * 1000;

struct ParsedUrl {
  std::string scheme, host, port, path_and_query;
};

bool parse_url(const std::string& url, ParsedUrl& out) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  out.scheme = boost::to_lower_copy(url.substr(0, scheme_end));
  const std::string rest = url.substr(scheme_end + 3);
  const auto slash = rest.find_first_of("/?#");
  const std::string authority = rest.substr(0, slash);
  out.path_and_query = slash == std::string::npos ? "/" : rest.substr(slash);
  if (!out.path_and_query.empty() && out.path_and_query[0] != '/') out.path_and_query = "/" + out.path_and_query;
  const auto colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    out.host = boost::to_lower_copy(authority.substr(0, colon));
    out.port = authority.substr(colon + 1);
  } else {
    out.host = boost::to_lower_copy(authority);
  }
  return !out.host.empty();
}

bool is_loopback_host(const std::string& host) { return host == "127.0.0.1" || host == "localhost"; }

std::string remote_access_error_page(const Org& org, const std::string& error, const std::string& description) {
  return org.base_url + "/setup/secur/RemoteAccessErrorPage.apexp?error=" + url_encode(error) +
         "&error_description=" + url_encode(description);
}

std::string append_query(const std::string& uri, const std::vector<std::pair<std::string, std::string>>& fields) {
  return uri + (uri.find('?') == std::string::npos ? "?" : "&") + form_encode(fields);
}

std::string client_redirect(const PendingAuthorization& p, std::vector<std::pair<std::string, std::string>> fields) {
  if (p.has_state) fields.emplace_back("state", p.state);
  return append_query(p.redirect_uri, fields);
}

std::vector<std::string> scope_list(const std::string& scope) {
  std::vector<std::string> out;
  std::istringstream in(scope);
  std::string s;
  while (in >> s)
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  return out;
}

}  // namespace

// Salesforce compares the callback URL exactly. The any-port rule of RFC 8252
// is a development leniency that nothing in the suite turns on.
bool redirect_uri_registered(const Org& org, const ConnectedApp& app, const std::string& uri) {
  const auto& callbacks = app.callback_urls;
  if (std::find(callbacks.begin(), callbacks.end(), uri) != callbacks.end()) return true;
  if (!org.def.settings.loopback_any_port) return false;
  ParsedUrl wanted;
  if (!parse_url(uri, wanted) || wanted.scheme != "http" || !is_loopback_host(wanted.host)) return false;
  for (const auto& cb : callbacks) {
    ParsedUrl registered;
    if (parse_url(cb, registered) && registered.scheme == "http" && is_loopback_host(registered.host) &&
        registered.path_and_query == wanted.path_and_query)
      return true;
  }
  return false;
}

AuthorizeOutcome begin_authorization(Org& org, const ParamMap& params) {
  AuthorizeOutcome out;
  const std::string client_id = first_param(params, "client_id");
  const std::string redirect_uri = first_param(params, "redirect_uri");
  const ConnectedApp* app = org.app_by_client_id(client_id);
  if (!app) {
    out.redirect = remote_access_error_page(org, "invalid_client_id", "client identifier invalid");
    return out;
  }
  if (app == &org.def.app && !org.def.settings.app_installed) {
    out.redirect = remote_access_error_page(org, "invalid_client", "app must be installed into org");
    return out;
  }
  if (redirect_uri.empty() || !redirect_uri_registered(org, *app, redirect_uri)) {
    out.redirect = remote_access_error_page(org, "redirect_uri_mismatch", "redirect_uri must match configuration");
    return out;
  }

  PendingAuthorization p;
  p.client_id = client_id;
  p.redirect_uri = redirect_uri;
  p.has_state = has_param(params, "state");
  p.state = first_param(params, "state");
  p.code_challenge = first_param(params, "code_challenge");
  p.login_hint = first_param(params, "login_hint");
  p.created_ms = org.now_ms();

  // From here on errors go back to the (verified) client redirect URI.
  const std::string response_type = first_param(params, "response_type");
  if (response_type != "code") {
    out.redirect = client_redirect(
        p, {{"error", "unsupported_response_type"}, {"error_description", "response type not supported"}});
    return out;
  }
  std::vector<std::string> scopes = scope_list(first_param(params, "scope"));
  if (scopes.empty()) scopes = app->scopes;
  for (const auto& s : scopes) {
    if (std::find(app->scopes.begin(), app->scopes.end(), s) == app->scopes.end()) {
      out.redirect =
          client_redirect(p, {{"error", "invalid_scope"}, {"error_description", "the requested scope is not allowed"}});
      return out;
    }
  }
  std::ostringstream joined;
  for (std::size_t i = 0; i < scopes.size(); ++i) joined << (i ? " " : "") << scopes[i];
  p.scope = joined.str();

  // Salesforce supports only SHA-256 challenges; a missing method means S256.
  const std::string method = first_param(params, "code_challenge_method");
  if (!method.empty() && method != "S256") {
    out.redirect =
        client_redirect(p, {{"error", "invalid_request"}, {"error_description", "invalid code_challenge_method"}});
    return out;
  }
  if (p.code_challenge.empty() && org.def.settings.require_pkce) {
    out.redirect =
        client_redirect(p, {{"error", "invalid_request"}, {"error_description", "missing required code challenge"}});
    return out;
  }

  // Forget abandoned requests so the map stays small.
  const int64_t now = org.now_ms();
  for (auto it = org.pending.begin(); it != org.pending.end();)
    it = now - it->second.created_ms > kPendingTtlMs ? org.pending.erase(it) : std::next(it);
  out.pending_id = random_urlsafe(24);
  org.pending[out.pending_id] = p;
  return out;
}

AuthorizeOutcome submit_login(Org& org, const std::string& pending_id, const std::string& username,
                              const std::string& password) {
  AuthorizeOutcome out;
  const auto it = org.pending.find(pending_id);
  if (it == org.pending.end() || org.now_ms() - it->second.created_ms > kPendingTtlMs) {
    out.error = "Your login attempt has timed out. Please start again.";
    return out;
  }
  out.pending_id = pending_id;
  const UserDef* user = org.user_by_username(username);
  if (!user || !user->active || user->password != password) {
    out.error =
        "Please check your username and password. If you still can't log in, contact your Salesforce "
        "administrator.";
    return out;
  }
  it->second.user_id = user->id;
  return out;
}

AuthorizeOutcome submit_approval(Org& org, const std::string& pending_id, bool allow) {
  AuthorizeOutcome out;
  const auto it = org.pending.find(pending_id);
  if (it == org.pending.end() || it->second.user_id.empty() || org.now_ms() - it->second.created_ms > kPendingTtlMs) {
    out.error = "Your login attempt has timed out. Please start again.";
    return out;
  }
  const PendingAuthorization p = it->second;
  org.pending.erase(it);
  if (!allow) {
    out.redirect =
        client_redirect(p, {{"error", "access_denied"}, {"error_description", "end-user denied authorization"}});
    return out;
  }
  // Codes are opaque base64 strings that contain '+', '/' and '=' on real
  // orgs; clients that forget to form-encode them fail here as they would
  // there.
  const std::string code = "aPrx" + random_base64(48);
  AuthCodeRecord rec;
  rec.user_id = p.user_id;
  rec.client_id = p.client_id;
  rec.redirect_uri = p.redirect_uri;
  rec.scope = p.scope;
  rec.code_challenge = p.code_challenge;
  rec.issued_ms = org.now_ms();
  org.auth_codes[code] = rec;
  out.redirect = client_redirect(p, {{"code", code}});
  return out;
}

}  // namespace sfsim
