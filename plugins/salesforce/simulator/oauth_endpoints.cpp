// OAuth 2.0 endpoints: authorize (HTML), token, revoke, userinfo,
// introspect, singleaccess (frontdoor URLs), the identity URL and the
// RemoteAccessErrorPage.
#include "oauth_endpoints.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/algorithm/string.hpp>
#include <optional>

#include "api_versions.h"
#include "crypto_util.h"
#include "oauth_flow.h"
#include "oauth_pages.h"

namespace sfsim {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

std::string cookie_value(const SimRequest& req, const std::string& name) {
  std::vector<std::string> parts;
  boost::split(parts, req.header("cookie"), boost::is_any_of(";"));
  for (const auto& part : parts) {
    const std::string p = boost::trim_left_copy_if(part, boost::is_any_of(" "));
    if (boost::starts_with(p, name + "=")) return p.substr(name.size() + 1);
  }
  return {};
}

SimResponse html(int status, std::string body) { return make_response(status, kHtmlContentType, std::move(body)); }

SimResponse bad_oauth_token() { return make_response(403, "text/plain;charset=UTF-8", "Bad_OAuth_Token"); }

std::string bearer_token(const SimRequest& req) {
  const std::string auth = req.header("authorization");
  for (const char* scheme : {"Bearer ", "OAuth "}) {
    if (boost::starts_with(auth, scheme)) return auth.substr(std::string(scheme).size());
  }
  return {};
}

SimResponse show_pending_page(Org& org, const std::string& pending_id, const std::string& error) {
  const auto it = org.pending.find(pending_id);
  SimResponse res;
  if (it != org.pending.end() && !it->second.user_id.empty() && error.empty()) {
    const UserDef* user = org.user_by_id(it->second.user_id);
    const ConnectedApp* app = org.app_by_client_id(it->second.client_id);
    res = html(200, approval_page_html(pending_id, app ? app->name : "", user ? user->username : "", it->second.scope));
  } else {
    const std::string hint = it == org.pending.end() ? std::string() : it->second.login_hint;
    res = html(200, login_page_html(pending_id, hint, error));
  }
  res.set_header("Set-Cookie", "sfsim_pending=" + pending_id + "; Path=/services/oauth2; HttpOnly; SameSite=Lax");
  res.set_header("Cache-Control", "no-cache,must-revalidate,max-age=0,no-store,private");
  return res;
}

SimResponse authorize(Org& org, const SimRequest& req) {
  ParamMap params = req.query_params();
  if (req.method == "POST") {
    ParamMap form;
    if (!decode_form(req.body, form)) return html(400, remote_access_error_html("invalid_request", "bad request"));
    for (const auto& kv : form) params.insert(kv);
  } else if (req.method != "GET") {
    return rest_error(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + req.method + "' not allowed. Allowed are GET,POST");
  }

  std::string pending_id = first_param(params, "pending");
  if (pending_id.empty() && (has_param(params, "username") || has_param(params, "decision")))
    pending_id = cookie_value(req, "sfsim_pending");

  if (!pending_id.empty() && has_param(params, "decision")) {
    const AuthorizeOutcome out = submit_approval(org, pending_id, first_param(params, "decision") == "allow");
    if (!out.redirect.empty()) return redirect_response(out.redirect);
    return html(200, login_page_html("", "", out.error));
  }
  if (!pending_id.empty() && has_param(params, "username")) {
    std::string password = first_param(params, "pw");
    if (password.empty()) password = first_param(params, "password");
    const AuthorizeOutcome out = submit_login(org, pending_id, first_param(params, "username"), password);
    if (out.pending_id.empty()) return html(200, login_page_html("", "", out.error));
    return show_pending_page(org, out.pending_id, out.error);
  }
  const AuthorizeOutcome out = begin_authorization(org, params);
  if (!out.redirect.empty()) return redirect_response(out.redirect);
  return show_pending_page(org, out.pending_id, "");
}

SimResponse error_page(const SimRequest& req) {
  const ParamMap params = req.query_params();
  return html(200, remote_access_error_html(first_param(params, "error"), first_param(params, "error_description")));
}

// The token response common to every grant.
SimResponse token_response(Org& org, const ConnectedApp& app, const UserDef& user, const std::string& access_token,
                           const std::string& refresh_token, const std::string& scope) {
  const std::string id = org.identity_url(user);
  const std::string issued_at = std::to_string(org.now_ms());
  // signature = base64(HMAC-SHA256(client_secret, id + issued_at)), so the
  // client can check that the identity URL was not altered.
  const std::string signature = base64_encode(hmac_sha256_raw(app.client_secret, id + issued_at));
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("access_token");
  w.String(access_token);
  if (!refresh_token.empty()) {
    w.Key("refresh_token");
    w.String(refresh_token);
  }
  w.Key("signature");
  w.String(signature);
  w.Key("scope");
  w.String(scope);
  w.Key("instance_url");
  w.String(org.base_url);
  w.Key("id");
  w.String(id);
  w.Key("token_type");
  w.String("Bearer");
  w.Key("issued_at");
  w.String(issued_at);
  w.EndObject();
  SimResponse res = json_response(200, buf.GetString());
  res.set_header("Cache-Control", "no-cache,no-store");
  res.set_header("Pragma", "no-cache");
  return res;
}

bool scope_has(const std::string& scope, const std::string& wanted) {
  std::vector<std::string> words;
  boost::split(words, scope, boost::is_any_of(" "));
  return std::find(words.begin(), words.end(), wanted) != words.end();
}

// Checks client_id / client_secret; returns the app, or null with `err` set.
// A public client (require_secret off) may omit the secret; a secret that
// is sent must be right.
const ConnectedApp* client_error(Org& org, const ParamMap& params, bool secret_required, SimResponse& err) {
  const ConnectedApp* app = org.app_by_client_id(first_param(params, "client_id"));
  if (!app) {
    err = oauth_error(400, "invalid_client_id", "client identifier invalid");
    return nullptr;
  }
  if (app == &org.def.app && !org.def.settings.app_installed) {
    err = oauth_error(400, "invalid_client", "app must be installed into org");
    return nullptr;
  }
  secret_required = secret_required && app->require_secret;
  const bool sent =
      has_param(params, "client_secret") && !(first_param(params, "client_secret").empty() && !app->require_secret);
  if ((secret_required && !sent) || (sent && first_param(params, "client_secret") != app->client_secret)) {
    err = oauth_error(400, "invalid_client", "invalid client credentials");
    return nullptr;
  }
  return app;
}

SimResponse grant_authorization_code(Org& org, const ParamMap& params) {
  SimResponse err;
  const ConnectedApp* app = client_error(org, params, org.def.settings.require_secret, err);
  if (!app) return err;
  const std::string code = first_param(params, "code");
  if (code.empty()) return oauth_error(400, "invalid_request", "missing required code parameter");
  const auto it = org.auth_codes.find(code);
  if (it == org.auth_codes.end()) return oauth_error(400, "invalid_grant", "invalid authorization code");
  AuthCodeRecord& rec = it->second;
  const int64_t ttl = static_cast<int64_t>(org.def.settings.auth_code_ttl_minutes) * 60 * 1000;
  if (rec.client_id != app->client_id) return oauth_error(400, "invalid_grant", "invalid authorization code");
  if (rec.used || org.now_ms() - rec.issued_ms > ttl)
    return oauth_error(400, "invalid_grant", "expired authorization code");
  if (first_param(params, "redirect_uri") != rec.redirect_uri)
    return oauth_error(400, "redirect_uri_mismatch", "redirect_uri must match configuration");
  if (org.def.settings.ip_restricted) return oauth_error(400, "invalid_grant", "ip restricted");
  if (!rec.code_challenge.empty()) {
    if (!has_param(params, "code_verifier")) return oauth_error(400, "invalid_grant", "invalid code verifier");
    if (pkce_challenge_s256(first_param(params, "code_verifier")) != rec.code_challenge)
      return oauth_error(400, "invalid_request", "invalid code verifier");
  }
  rec.used = true;  // single use, even if something below fails
  const UserDef* user = org.user_by_id(rec.user_id);
  if (!user || !user->active) return oauth_error(400, "inactive_user", "user is inactive");
  std::string refresh;
  if (scope_has(rec.scope, "refresh_token") || scope_has(rec.scope, "offline_access"))
    refresh = org.issue_refresh_token(user->id, rec.client_id, rec.scope);
  const std::string access = org.issue_access_token(user->id, rec.client_id, rec.scope, refresh);
  return token_response(org, *app, *user, access, refresh, rec.scope);
}

SimResponse grant_refresh_token(Org& org, const ParamMap& params) {
  SimResponse err;
  // The secret is optional on refresh, but must be right when sent.
  const ConnectedApp* app = client_error(org, params, false, err);
  if (!app) return err;
  const std::string token = first_param(params, "refresh_token");
  if (token.empty()) return oauth_error(400, "invalid_request", "missing required refresh_token parameter");
  RefreshTokenRecord* rec = org.usable_refresh_token(token);
  if (!rec || rec->client_id != first_param(params, "client_id"))
    return oauth_error(400, "invalid_grant", "expired access/refresh token");
  if (org.def.settings.ip_restricted) return oauth_error(400, "invalid_grant", "ip restricted");
  rec->last_used_ms = org.now_ms();
  const RefreshTokenRecord used = *rec;
  const UserDef* user = org.user_by_id(used.user_id);
  if (!user) return oauth_error(400, "invalid_grant", "expired access/refresh token");
  std::string parent = token;
  std::string rotated;
  if (org.def.settings.refresh_rotation) {
    // Rotation: the old refresh token dies; the sessions it issued live on
    // until they time out, as on Salesforce.
    org.retire_refresh_token(token);
    rotated = org.issue_refresh_token(used.user_id, used.client_id, used.scope);
    parent = rotated;
  }
  const std::string access = org.issue_access_token(used.user_id, used.client_id, used.scope, parent);
  return token_response(org, *app, *user, access, rotated, used.scope);
}

SimResponse grant_password(Org& org, const ParamMap& params) {
  SimResponse err;
  const ConnectedApp* app = client_error(org, params, true, err);
  if (!app) return err;
  if (!org.def.settings.password_grant) return oauth_error(400, "unsupported_grant_type", "grant type not supported");
  const UserDef* user = org.user_by_username(first_param(params, "username"));
  if (!user || !user->active || user->password != first_param(params, "password"))
    return oauth_error(400, "invalid_grant", "authentication failure");
  if (org.def.settings.ip_restricted) return oauth_error(400, "invalid_grant", "ip restricted");
  // The username-password flow never issues refresh tokens.
  std::string scope;
  for (const auto& s : app->scopes) {
    if (s == "refresh_token" || s == "offline_access") continue;
    scope += (scope.empty() ? "" : " ") + s;
  }
  const std::string access = org.issue_access_token(user->id, app->client_id, scope, "");
  return token_response(org, *app, *user, access, "", scope);
}

// The grant types the token endpoint answers.
enum class GrantType { AuthorizationCode, RefreshToken, Password, Unsupported };

GrantType parse_grant_type(const std::string& grant_type) {
  if (grant_type == "authorization_code") return GrantType::AuthorizationCode;
  if (grant_type == "refresh_token") return GrantType::RefreshToken;
  if (grant_type == "password") return GrantType::Password;
  return GrantType::Unsupported;
}

SimResponse token(Org& org, const SimRequest& req) {
  if (req.method != "POST") return oauth_error(400, "invalid_request", "must use HTTP POST");
  ParamMap params;
  if (!decode_form(req.query, params) || !decode_form(req.body, params))
    return oauth_error(400, "invalid_request", "malformed request body");
  switch (parse_grant_type(first_param(params, "grant_type"))) {
    case GrantType::AuthorizationCode:
      return grant_authorization_code(org, params);
    case GrantType::RefreshToken:
      return grant_refresh_token(org, params);
    case GrantType::Password:
      return grant_password(org, params);
    case GrantType::Unsupported:
      break;
  }
  return oauth_error(400, "unsupported_grant_type", "grant type not supported");
}

SimResponse revoke(Org& org, const SimRequest& req) {
  if (req.method != "POST" && req.method != "GET") return oauth_error(400, "invalid_request", "must use HTTP POST");
  ParamMap params;
  if (!decode_form(req.query, params) || !decode_form(req.body, params))
    return oauth_error(400, "invalid_request", "malformed request body");
  const std::string token = first_param(params, "token");
  if (token.empty()) return oauth_error(400, "unsupported_token_type", "unsupported token type");
  const auto rt = org.refresh_tokens.find(token);
  if (rt != org.refresh_tokens.end() && !rt->second.revoked) {
    org.revoke_refresh_token(token);
    return make_response(200, "", "");
  }
  const auto at = org.access_tokens.find(token);
  if (at != org.access_tokens.end() && !at->second.revoked) {
    at->second.revoked = true;
    return make_response(200, "", "");
  }
  return oauth_error(400, "invalid_token", "invalid token");
}

void write_urls(JsonWriter& w, const Org& org, const UserDef& user, const std::string& version) {
  const std::string v = version.empty() ? "{version}" : version;
  const std::string org15 = org.def.org_id.substr(0, 15);
  const std::string& b = org.base_url;
  const std::pair<const char*, std::string> urls[] = {
      {"enterprise", b + "/services/Soap/c/" + v + "/" + org15},
      {"metadata", b + "/services/Soap/m/" + v + "/" + org15},
      {"partner", b + "/services/Soap/u/" + v + "/" + org15},
      {"rest", b + "/services/data/v" + v + "/"},
      {"sobjects", b + "/services/data/v" + v + "/sobjects/"},
      {"search", b + "/services/data/v" + v + "/search/"},
      {"query", b + "/services/data/v" + v + "/query/"},
      {"recent", b + "/services/data/v" + v + "/recent/"},
      {"tooling_soap", b + "/services/Soap/T/" + v + "/" + org15},
      {"tooling_rest", b + "/services/data/v" + v + "/tooling/"},
      {"profile", b + "/" + user.id},
      {"feeds", b + "/services/data/v" + v + "/chatter/feeds"},
      {"groups", b + "/services/data/v" + v + "/chatter/groups"},
      {"users", b + "/services/data/v" + v + "/chatter/users"},
      {"feed_items", b + "/services/data/v" + v + "/chatter/feed-items"},
      {"feed_elements", b + "/services/data/v" + v + "/chatter/feed-elements"},
      {"custom_domain", b}};
  w.Key("urls");
  w.StartObject();
  for (const auto& u : urls) {
    w.Key(u.first);
    w.String(u.second);
  }
  w.EndObject();
}

void write_photos(JsonWriter& w, const Org& org) {
  w.Key("photos");
  w.StartObject();
  w.Key("picture");
  w.String(org.base_url + "/profilephoto/005/F");
  w.Key("thumbnail");
  w.String(org.base_url + "/profilephoto/005/T");
  w.EndObject();
}

// The identity URL and userinfo carry the same user facts under different
// key names (the identity service's own, and OpenID Connect's).
struct UserFieldNames {
  const char* username;
  const char* nickname;
  const char* name;
  const char* first_name;
  const char* last_name;
  const char* timezone;
};
constexpr UserFieldNames kIdentityNames{"username", "nick_name", "display_name", "first_name", "last_name", "timezone"};
constexpr UserFieldNames kUserinfoNames{"preferred_username", "nickname",    "name",
                                        "given_name",         "family_name", "zoneinfo"};

void write_user_fields(JsonWriter& w, const Org& org, const UserDef& user, const UserFieldNames& k) {
  w.Key("user_id");
  w.String(user.id);
  w.Key("organization_id");
  w.String(org.def.org_id);
  w.Key(k.username);
  w.String(user.username);
  w.Key(k.nickname);
  w.String(user.username.substr(0, user.username.find('@')));
  w.Key(k.name);
  w.String(user.full_name());
  w.Key("email");
  w.String(user.email);
  w.Key("email_verified");
  w.Bool(true);
  w.Key(k.first_name);
  w.String(user.first_name);
  w.Key(k.last_name);
  w.String(user.last_name);
  w.Key(k.timezone);
  w.String("America/Los_Angeles");
  write_photos(w, org);
}

// The closing fields both documents share; only the modified stamp's key differs.
void write_settings_tail(JsonWriter& w, const Org& org, const UserDef& user, const char* modified_key) {
  w.Key("active");
  w.Bool(user.active);
  w.Key("user_type");
  w.String("STANDARD");
  w.Key("language");
  w.String("en_US");
  w.Key("locale");
  w.String("en_US");
  w.Key("utcOffset");
  w.Int(-28800000);
  w.Key(modified_key);
  w.String("2024-01-15T10:00:00Z");
  w.Key("is_app_installed");
  w.Bool(org.def.settings.app_installed);
}

std::string resolve_version(const std::string& v) {
  if (v == "latest") return std::to_string(kLatestApiVersion) + ".0";
  return v;
}

SimResponse identity(Org& org, const SimRequest& req) {
  if (req.method != "GET" && req.method != "POST") return bad_oauth_token();
  const ParamMap params = req.query_params();
  std::string tok = bearer_token(req);
  if (tok.empty()) tok = first_param(params, "oauth_token");
  if (tok.empty()) tok = first_param(params, "access_token");
  const UserDef* user = tok.empty() ? nullptr : org.use_access_token(tok);
  if (!user) return bad_oauth_token();
  std::vector<std::string> parts;
  boost::split(parts, req.path, boost::is_any_of("/"));  // "", "id", org, user
  if (parts.size() != 4 || !org.user_by_id(parts[3]) || parts[2].compare(0, 15, org.def.org_id.substr(0, 15)) != 0)
    return make_response(404, "text/plain;charset=UTF-8", "Bad_Id");
  const UserDef* subject = org.user_by_id(parts[3]);
  return json_response(200, identity_json(org, *subject, resolve_version(first_param(params, "version"))));
}

SimResponse userinfo(Org& org, const SimRequest& req) {
  std::string tok = bearer_token(req);
  if (tok.empty()) tok = first_param(req.query_params(), "access_token");
  const UserDef* user = tok.empty() ? nullptr : org.use_access_token(tok);
  if (!user) return bad_oauth_token();
  return json_response(200, userinfo_json(org, *user));
}

// UI Bridge API: exchanges a valid access token for a single-use frontdoor
// URL that opens a browser session (what `sf org open` asks for). An
// invalid or expired token is 403, which is why clients check the session
// first. redirect_uri, when given, becomes the page the session starts on.
SimResponse singleaccess(Org& org, const SimRequest& req) {
  if (req.method != "GET" && req.method != "POST")
    return rest_error(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + req.method + "' not allowed. Allowed are GET,POST");
  const UserDef* user = org.use_access_token(bearer_token(req));
  if (!user) return bad_oauth_token();
  ParamMap params = req.query_params();
  if (req.method == "POST") decode_form(req.body, params);
  std::string uri = org.base_url + "/secur/frontdoor.jsp?otp=" + random_urlsafe(48);
  if (has_param(params, "redirect_uri")) uri += "&startURL=" + url_encode(first_param(params, "redirect_uri"));
  uri += "&cshc=" + random_urlsafe(12);
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("frontdoor_uri");
  w.String(uri);
  w.EndObject();
  return json_response(200, buf.GetString());
}

// The claims introspect answers for an active token, in Salesforce's order;
// exp only for access tokens (a refresh token does not expire by time).
void write_token_claims(JsonWriter& w, const Org& org, const Grant& grant, const char* token_type,
                        std::optional<int64_t> exp_s) {
  const UserDef* u = org.user_by_id(grant.user_id);
  w.Key("active");
  w.Bool(true);
  w.Key("scope");
  w.String(grant.scope);
  w.Key("client_id");
  w.String(grant.client_id);
  w.Key("username");
  w.String(u ? u->username : "");
  w.Key("sub");
  w.String(u ? org.identity_url(*u) : "");
  w.Key("token_type");
  w.String(token_type);
  if (exp_s) {
    w.Key("exp");
    w.Int64(*exp_s);
  }
  w.Key("iat");
  w.Int64(grant.issued_ms / 1000);
  w.Key("nbf");
  w.Int64(grant.issued_ms / 1000);
}

SimResponse introspect(Org& org, const SimRequest& req) {
  if (req.method != "POST") return oauth_error(400, "invalid_request", "must use HTTP POST");
  ParamMap params;
  if (!decode_form(req.body, params)) return oauth_error(400, "invalid_request", "malformed request body");
  SimResponse err;
  if (!client_error(org, params, true, err)) return err;  // null (with err) when the client is refused
  const std::string tok = first_param(params, "token");
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  const auto at = org.access_tokens.find(tok);
  const auto rt = org.refresh_tokens.find(tok);
  const int64_t timeout_ms = static_cast<int64_t>(org.def.settings.session_timeout_minutes) * 60 * 1000;
  if (at != org.access_tokens.end() && !at->second.revoked && org.now_ms() - at->second.last_used_ms <= timeout_ms) {
    write_token_claims(w, org, at->second, "access_token", (at->second.last_used_ms + timeout_ms) / 1000);
  } else if (rt != org.refresh_tokens.end() && org.usable_refresh_token(tok)) {
    write_token_claims(w, org, rt->second, "refresh_token", std::nullopt);
  } else {
    w.Key("active");
    w.Bool(false);
  }
  w.EndObject();
  return json_response(200, buf.GetString());
}

}  // namespace

std::string identity_json(const Org& org, const UserDef& user, const std::string& version) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("id");
  w.String(org.identity_url(user));
  w.Key("asserted_user");
  w.Bool(true);
  write_user_fields(w, org, user, kIdentityNames);
  w.Key("addr_street");
  w.Null();
  w.Key("addr_city");
  w.Null();
  w.Key("addr_state");
  w.Null();
  w.Key("addr_country");
  w.String("US");
  w.Key("addr_zip");
  w.Null();
  w.Key("mobile_phone");
  w.Null();
  w.Key("mobile_phone_verified");
  w.Bool(false);
  w.Key("is_lightning_login_user");
  w.Bool(false);
  w.Key("status");
  w.StartObject();
  w.Key("created_date");
  w.Null();
  w.Key("body");
  w.Null();
  w.EndObject();
  write_urls(w, org, user, version);
  write_settings_tail(w, org, user, "last_modified_date");
  w.EndObject();
  return buf.GetString();
}

std::string userinfo_json(const Org& org, const UserDef& user) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("sub");
  w.String(org.identity_url(user));
  write_user_fields(w, org, user, kUserinfoNames);
  w.Key("profile");
  w.String(org.base_url + "/" + user.id);
  w.Key("picture");
  w.String(org.base_url + "/profilephoto/005/F");
  w.Key("address");
  w.StartObject();
  w.Key("country");
  w.String("US");
  w.EndObject();
  w.Key("is_salesforce_integration_user");
  w.Bool(false);
  write_urls(w, org, user, "");
  write_settings_tail(w, org, user, "updated_at");
  w.EndObject();
  return buf.GetString();
}

SimResponse handle_oauth(Org& org, const SimRequest& req) {
  const std::string& p = req.path;
  if (p == "/services/oauth2/authorize") return authorize(org, req);
  if (p == "/services/oauth2/token") return token(org, req);
  if (p == "/services/oauth2/revoke") return revoke(org, req);
  if (p == "/services/oauth2/userinfo") return userinfo(org, req);
  if (p == "/services/oauth2/introspect") return introspect(org, req);
  if (p == "/services/oauth2/singleaccess") return singleaccess(org, req);
  if (p == "/setup/secur/RemoteAccessErrorPage.apexp") return error_page(req);
  if (boost::starts_with(p, "/id/")) return identity(org, req);
  return rest_error(404, "NOT_FOUND", "The requested resource does not exist");
}

}  // namespace sfsim
