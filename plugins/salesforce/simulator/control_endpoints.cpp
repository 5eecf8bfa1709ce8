// The test control API under /__sim/: org state, reset, clock, faults,
// session expiry, token revocation, settings and a scripted browser.
// JSON in and out; errors as {"error":..,"message":..} with status 400/404.
#include "control_endpoints.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <boost/algorithm/string.hpp>
#include <iterator>

#include "bounded_json.h"
#include "oauth_flow.h"

namespace sfsim {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

SimResponse control_error(int status, const std::string& error, const std::string& message) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("error");
  w.String(error);
  w.Key("message");
  w.String(message);
  w.EndObject();
  return json_response(status, buf.GetString());
}

SimResponse ok() { return json_response(200, "{\"ok\":true}"); }

bool parse_body(const SimRequest& req, rapidjson::Document& doc, SimResponse& err) {
  const std::string body = req.body.empty() ? "{}" : req.body;
  if (!parse_bounded_json(doc, body) || !doc.IsObject()) {
    err = control_error(400, "bad_json", "The body must be a JSON object");
    return false;
  }
  return true;
}

SimResponse clock_json(const Org& org) {
  return json_response(200, "{\"clock_ms\":" + std::to_string(org.now_ms()) +
                                ",\"offset_ms\":" + std::to_string(org.clock_offset_ms) + "}");
}

// `key`: an object with a member for each entry of `map`, its value written by `write_value`.
template <class Map, class WriteValue>
void write_object(Writer& w, const char* key, const Map& map, const WriteValue& write_value) {
  w.Key(key);
  w.StartObject();
  for (const auto& [name, value] : map) {
    w.Key(name.c_str());
    write_value(value);
  }
  w.EndObject();
}

SimResponse state(const Org& org) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("clock_ms");
  w.Int64(org.now_ms());
  w.Key("org_id");
  w.String(org.def.org_id);
  write_object(w, "weblinks", org.def.weblinks, [&](const MdNode& md) { md.write_json(w); });
  write_object(w, "layouts", org.def.layouts, [&](const MdNode& md) {
    // Always present, so tests can tell "no list" from "empty list".
    rapidjson::StringBuffer inner;
    Writer iw(inner);
    md.write_json(iw);
    rapidjson::Document d;
    d.Parse(inner.GetString());
    if (!d.HasMember("customButtons"))
      d.AddMember("customButtons", rapidjson::Value(rapidjson::kArrayType), d.GetAllocator());
    if (!d.HasMember("platformActionList")) d.AddMember("platformActionList", rapidjson::Value(), d.GetAllocator());
    d.Accept(w);
  });
  w.Key("tokens");
  w.StartObject();
  w.Key("access_active");
  w.Int64(org.active_access_tokens());
  w.Key("refresh_active");
  w.Int64(org.active_refresh_tokens());
  write_object(w, "refresh_by_user", org.active_refresh_tokens_by_username(), [&](int64_t n) { w.Int64(n); });
  w.EndObject();
  w.Key("calls");
  w.StartObject();
  w.Key("total");
  w.Int64(org.calls.total);
  w.Key("api");
  w.Int64(org.calls.api);
  w.Key("busy_us");
  w.Int64(org.calls.busy_us);
  write_object(w, "by_endpoint", org.calls.by_endpoint, [&](int64_t n) { w.Int64(n); });
  w.EndObject();
  w.Key("api_usage");
  w.StartObject();
  w.Key("used");
  w.Int64(org.api_used());
  w.Key("max");
  w.Int64(org.def.settings.daily_api_limit);
  w.EndObject();
  w.Key("settings");
  w.StartObject();
  const OrgSettings& s = org.def.settings;
  for (const auto& f : kFlagSettings) {
    w.Key(f.name);
    w.Bool(s.*f.member);
  }
  for (const auto& f : kCountSettings) {
    w.Key(f.name);
    w.Int(s.*f.member);
  }
  w.Key("refresh_policy");
  w.String(s.refresh_policy);
  w.Key("daily_api_limit");
  w.Int64(s.daily_api_limit);
  w.EndObject();
  w.EndObject();
  return json_response(200, buf.GetString());
}

SimResponse advance_clock(Org& org, const SimRequest& req) {
  rapidjson::Document doc;
  SimResponse err;
  if (!parse_body(req, doc, err)) return err;
  double seconds = 0;
  bool any = false;
  for (const auto& [key, factor] :
       {std::pair<const char*, double>{"seconds", 1}, {"minutes", 60}, {"hours", 3600}, {"days", 86400}}) {
    const auto it = doc.FindMember(key);
    if (it == doc.MemberEnd()) continue;
    if (!it->value.IsNumber() || it->value.GetDouble() < 0)
      return control_error(400, "bad_request", std::string(key) + " must be a non-negative number");
    seconds += it->value.GetDouble() * factor;
    any = true;
  }
  if (!any) return control_error(400, "bad_request", "give seconds, minutes, hours or days");
  org.clock_offset_ms += static_cast<int64_t>(seconds * 1000);
  return clock_json(org);
}

SimResponse add_fault(Org& org, const SimRequest& req) {
  rapidjson::Document doc;
  SimResponse err;
  if (!parse_body(req, doc, err)) return err;
  FaultRule rule;
  const auto str = [&](const char* k, std::string& out) {
    const auto it = doc.FindMember(k);
    if (it != doc.MemberEnd() && it->value.IsString()) out = it->value.GetString();
  };
  const auto num = [&](const char* k, int& out) {
    const auto it = doc.FindMember(k);
    if (it != doc.MemberEnd() && it->value.IsInt()) out = it->value.GetInt();
  };
  str("path_prefix", rule.path_prefix);
  str("method", rule.method);
  str("soap_operation", rule.soap_operation);
  str("body", rule.body);
  str("content_type", rule.content_type);
  num("skip", rule.skip);
  num("count", rule.count);
  num("status", rule.status);
  num("delay_ms", rule.delay_ms);
  const auto drop = doc.FindMember("drop");
  if (drop != doc.MemberEnd() && drop->value.IsBool()) rule.drop = drop->value.GetBool();
  const auto apply = doc.FindMember("apply");
  if (apply != doc.MemberEnd() && apply->value.IsBool()) rule.apply_first = apply->value.GetBool();
  const auto sf = doc.FindMember("soap_fault");
  if (sf != doc.MemberEnd() && sf->value.IsObject()) {
    if (sf->value.HasMember("code") && sf->value["code"].IsString())
      rule.soap_fault_code = sf->value["code"].GetString();
    if (sf->value.HasMember("message") && sf->value["message"].IsString())
      rule.soap_fault_message = sf->value["message"].GetString();
    if (rule.soap_fault_code.empty()) rule.soap_fault_code = "sf:UNKNOWN_EXCEPTION";
  }
  if (rule.path_prefix.empty() || rule.path_prefix[0] != '/')
    return control_error(400, "bad_request", "path_prefix must start with /");
  if (boost::starts_with(rule.path_prefix, "/__sim"))
    return control_error(400, "bad_request", "the control API cannot be faulted");
  if (rule.count < 1 || rule.skip < 0 || rule.delay_ms < 0 || rule.delay_ms > 120000)
    return control_error(400, "bad_request", "count must be >= 1, skip >= 0, 0 <= delay_ms <= 120000");
  if (rule.status != 0 && (rule.status < 100 || rule.status > 599))
    return control_error(400, "bad_request", "status must be an HTTP status code");
  if (rule.status == 0 && !rule.drop && rule.delay_ms == 0 && rule.soap_fault_code.empty())
    return control_error(400, "bad_request", "give status, soap_fault, delay_ms or drop");
  if (rule.apply_first && (rule.status != 0 || !rule.soap_fault_code.empty() || (!rule.drop && rule.delay_ms == 0)))
    return control_error(400, "bad_request", "apply loses the answer: give drop or delay_ms, not status or soap_fault");
  org.faults.push_back(rule);
  return json_response(200, "{\"ok\":true,\"pending_faults\":" + std::to_string(org.faults.size()) + "}");
}

SimResponse apply_settings(Org& org, const SimRequest& req) {
  rapidjson::Document doc;
  SimResponse err;
  if (!parse_body(req, doc, err)) return err;
  OrgSettings s = org.def.settings;
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
    const std::string key = it->name.GetString();
    const rapidjson::Value& v = it->value;
    const auto flag =
        std::find_if(std::begin(kFlagSettings), std::end(kFlagSettings), [&](const auto& f) { return key == f.name; });
    if (flag != std::end(kFlagSettings)) {
      if (!v.IsBool()) return control_error(400, "bad_request", key + " must be true or false");
      s.*flag->member = v.GetBool();
      continue;
    }
    if (key == "refresh_policy") {
      const std::string p = v.IsString() ? v.GetString() : "";
      if (p != "infinite" && p != "idle" && p != "zero")
        return control_error(400, "bad_request", "refresh_policy must be infinite, idle or zero");
      s.refresh_policy = p;
      continue;
    }
    const auto count = std::find_if(std::begin(kCountSettings), std::end(kCountSettings),
                                    [&](const auto& f) { return key == f.name; });
    if (count == std::end(kCountSettings) && key != "daily_api_limit")
      return control_error(400, "bad_request", "unknown setting " + key);
    if (!v.IsInt64() || v.GetInt64() < 0)
      return control_error(400, "bad_request", key + " must be a non-negative integer");
    if (count != std::end(kCountSettings))
      s.*count->member = static_cast<int>(v.GetInt64());
    else
      s.daily_api_limit = v.GetInt64();
  }
  org.def.settings = s;
  return state(org);
}

SimResponse browser_authorize(Org& org, const SimRequest& req) {
  rapidjson::Document doc;
  SimResponse err;
  if (!parse_body(req, doc, err)) return err;
  const auto get = [&](const char* k) {
    const auto it = doc.FindMember(k);
    return it != doc.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString()) : std::string();
  };
  const std::string url = get("authorize_url");
  const std::string decision = get("decision").empty() ? "allow" : get("decision");
  if (decision != "allow" && decision != "deny")
    return control_error(400, "bad_request", "decision must be allow or deny");
  const auto q = url.find('?');
  if (url.empty() || q == std::string::npos || url.substr(0, q).find("/services/oauth2/authorize") == std::string::npos)
    return control_error(400, "bad_request", "authorize_url must be a /services/oauth2/authorize URL with parameters");
  ParamMap params;
  if (!decode_form(url.substr(q + 1), params))
    return control_error(400, "bad_request", "authorize_url has bad encoding");

  ++org.calls.total;
  ++org.calls.by_endpoint["oauth.authorize"];
  const auto redirect = [](const std::string& location) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    w.Key("redirect");
    w.String(location);
    w.EndObject();
    return json_response(200, buf.GetString());
  };
  AuthorizeOutcome out = begin_authorization(org, params);
  if (!out.redirect.empty()) return redirect(out.redirect);
  out = submit_login(org, out.pending_id, get("username"), get("password"));
  if (!out.error.empty()) return control_error(400, "login_failed", out.error);
  out = submit_approval(org, out.pending_id, decision == "allow");
  if (!out.error.empty()) return control_error(400, "login_failed", out.error);
  return redirect(out.redirect);
}

// GET lists every app's callback URLs; POST adds and DELETE removes one:
// {"url": "...", "client_id": "..."?} (client_id defaults to the
// connector's app). Salesforce matches callbacks exactly, so a harness that
// listens on a port of its choosing registers that exact URL here.
SimResponse callback_urls(Org& org, const SimRequest& req) {
  if (req.method != "GET") {
    rapidjson::Document doc;
    SimResponse err;
    if (!parse_body(req, doc, err)) return err;
    const auto url = doc.FindMember("url");
    if (url == doc.MemberEnd() || !url->value.IsString() || url->value.GetStringLength() == 0)
      return control_error(400, "bad_request", "url must be a non-empty string");
    const std::string u = url->value.GetString();
    if (u.find("://") == std::string::npos || u.find_first_of(" \t\r\n#") != std::string::npos)
      return control_error(400, "bad_request", "url must be an absolute URL without a fragment");
    const auto cid = doc.FindMember("client_id");
    const std::string client_id =
        cid != doc.MemberEnd() && cid->value.IsString() ? cid->value.GetString() : org.def.app.client_id;
    const bool known =
        req.method == "POST" ? org.register_callback(client_id, u) : org.unregister_callback(client_id, u);
    if (!known) return control_error(404, "unknown_client", "no app with client_id " + client_id);
  }
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  const auto app_entry = [&](const ConnectedApp& a) {
    w.Key(a.client_id.c_str());
    w.StartArray();
    for (const auto& u : a.callback_urls) w.String(u);
    w.EndArray();
  };
  app_entry(org.def.app);
  for (const auto& a : org.def.other_apps) app_entry(a);
  w.EndObject();
  return json_response(200, buf.GetString());
}

SimResponse revoke_tokens(Org& org, const SimRequest& req) {
  rapidjson::Document doc;
  SimResponse err;
  if (!parse_body(req, doc, err)) return err;
  const auto it = doc.FindMember("username");
  if (it == doc.MemberEnd()) {
    org.revoke_refresh_tokens_of("");
    return ok();
  }
  const UserDef* user = it->value.IsString() ? org.user_by_username(it->value.GetString()) : nullptr;
  if (!user) return control_error(404, "unknown_user", "no such user");
  org.revoke_refresh_tokens_of(user->id);
  return ok();
}

}  // namespace

SimResponse handle_control(Org& org, const OrgDefinition& initial, const SimRequest& req) {
  const std::string& p = req.path;
  const std::string& m = req.method;
  if (p == "/__sim/state" && m == "GET") return state(org);
  if (p == "/__sim/reset" && m == "POST") {
    const int64_t offset = org.clock_offset_ms;
    const std::string base = org.base_url;
    const auto callbacks = org.registered_callbacks;
    org = Org(initial);
    org.clock_offset_ms = offset;
    org.base_url = base;
    for (const auto& [client_id, urls] : callbacks)
      for (const auto& u : urls) org.register_callback(client_id, u);
    return ok();
  }
  if (p == "/__sim/calls/reset" && m == "POST") {
    org.calls = CallCounters{};
    return ok();
  }
  if (p == "/__sim/clock" && m == "GET") return clock_json(org);
  if (p == "/__sim/clock/advance" && m == "POST") return advance_clock(org, req);
  if (p == "/__sim/faults" && m == "POST") return add_fault(org, req);
  if (p == "/__sim/faults" && m == "DELETE") {
    org.faults.clear();
    return ok();
  }
  if (p == "/__sim/sessions/expire" && m == "POST") {
    org.expire_all_sessions();
    return ok();
  }
  if (p == "/__sim/tokens/revoke" && m == "POST") return revoke_tokens(org, req);
  if (p == "/__sim/settings" && m == "POST") return apply_settings(org, req);
  if (p == "/__sim/settings" && m == "GET") return state(org);
  if (p == "/__sim/browser/authorize" && m == "POST") return browser_authorize(org, req);
  if (p == "/__sim/callback_urls" && (m == "GET" || m == "POST" || m == "DELETE")) return callback_urls(org, req);
  static const char* known[] = {"/__sim/state",           "/__sim/reset",
                                "/__sim/calls/reset",     "/__sim/clock",
                                "/__sim/clock/advance",   "/__sim/faults",
                                "/__sim/sessions/expire", "/__sim/tokens/revoke",
                                "/__sim/settings",        "/__sim/browser/authorize",
                                "/__sim/callback_urls"};
  if (std::any_of(std::begin(known), std::end(known), [&](const char* k) { return p == k; }))
    return control_error(405, "method_not_allowed", "method " + m + " not allowed on " + p);
  return control_error(404, "not_found", "no control endpoint " + p);
}

}  // namespace sfsim
