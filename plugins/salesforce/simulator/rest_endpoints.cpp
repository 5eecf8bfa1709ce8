// REST API under /services/data: versions, resources by version, query,
// sobjects (describeGlobal, describe, basic info, record retrieve), limits
// and composite. Session, API-enabled and daily-limit checks happen once
// per request here; composite subrequests reuse them and count once.
#include "rest_endpoints.h"

#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/algorithm/string.hpp>
#include <cstdio>

#include "api_versions.h"
#include "bounded_json.h"
#include "describe.h"
#include "soql.h"
#include "system_objects.h"

namespace sfsim {

namespace {

// Composite's answer to a reference (@{id.field}) it cannot resolve.
std::string invalid_reference_message(const std::string& bad_ref, const std::string& bad_id) {
  return "Invalid reference specified. No value for " + bad_ref + " found in " + bad_id + ". Provided referenceId ('" +
         bad_id +
         "') must start with a letter or a number, and it can contain only letters, numbers and underscores "
         "('_').";
}

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

std::string release_label(int version) {
  static const char* seasons[] = {"Winter", "Spring", "Summer"};
  const int n = version - 20;  // v20.0 was Winter '11
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s '%02d", seasons[n % 3], 11 + n / 3);
  return buf;
}

// "v62.0" -> "62.0"; "" when not a served version.
std::string parse_version(const std::string& segment) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (segment.size() != 5 || segment[0] != 'v' || !digit(segment[1]) || !digit(segment[2]) ||
      segment.compare(3, 2, ".0") != 0)
    return {};
  const int v = (segment[1] - '0') * 10 + (segment[2] - '0');
  if (v < kOldestApiVersion || v > kLatestApiVersion) return {};
  return segment.substr(1);
}

bool is_reference_id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// A composite referenceId: [A-Za-z0-9][A-Za-z0-9_]*.
bool is_reference_id(const std::string& id) {
  if (id.empty() || id[0] == '_') return false;
  for (char c : id)
    if (!is_reference_id_char(c)) return false;
  return true;
}

SimResponse versions() {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartArray();
  for (int v = kOldestApiVersion; v <= kLatestApiVersion; ++v) {
    w.StartObject();
    w.Key("label");
    w.String(release_label(v));
    w.Key("url");
    w.String("/services/data/v" + std::to_string(v) + ".0");
    w.Key("version");
    w.String(std::to_string(v) + ".0");
    w.EndObject();
  }
  w.EndArray();
  return json_response(200, buf.GetString());
}

SimResponse method_not_allowed(const std::string& method, const std::string& allowed) {
  return rest_error(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed. Allowed are " + allowed);
}

SimResponse not_found() { return rest_error(404, "NOT_FOUND", "The requested resource does not exist"); }

SimResponse resources(const Org& org, const UserDef& user, const std::string& v) {
  const std::string base = "/services/data/v" + v;
  const std::pair<const char*, std::string> entries[] = {{"tooling", base + "/tooling"},
                                                         {"metadata", base + "/metadata"},
                                                         {"eclair", base + "/eclair"},
                                                         {"folders", base + "/folders"},
                                                         {"prechatForms", base + "/prechatForms"},
                                                         {"contact-tracing", base + "/contact-tracing"},
                                                         {"jsonxform", base + "/jsonxform"},
                                                         {"chatter", base + "/chatter"},
                                                         {"tabs", base + "/tabs"},
                                                         {"appMenu", base + "/appMenu"},
                                                         {"quickActions", base + "/quickActions"},
                                                         {"queryAll", base + "/queryAll"},
                                                         {"commerce", base + "/commerce"},
                                                         {"wave", base + "/wave"},
                                                         {"iot", base + "/iot"},
                                                         {"analytics", base + "/analytics"},
                                                         {"search", base + "/search"},
                                                         {"identity", org.identity_url(user)},
                                                         {"composite", base + "/composite"},
                                                         {"parameterizedSearch", base + "/parameterizedSearch"},
                                                         {"fingerprint", base + "/fingerprint"},
                                                         {"theme", base + "/theme"},
                                                         {"nouns", base + "/nouns"},
                                                         {"recent", base + "/recent"},
                                                         {"licensing", base + "/licensing"},
                                                         {"limits", base + "/limits"},
                                                         {"process", base + "/process"},
                                                         {"async-queries", base + "/async-queries"},
                                                         {"query", base + "/query"},
                                                         {"match", base + "/match"},
                                                         {"emailConnect", base + "/emailConnect"},
                                                         {"compactLayouts", base + "/compactLayouts"},
                                                         {"knowledgeManagement", base + "/knowledgeManagement"},
                                                         {"sobjects", base + "/sobjects"},
                                                         {"actions", base + "/actions"},
                                                         {"support", base + "/support"}};
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  for (const auto& e : entries) {
    w.Key(e.first);
    w.String(e.second);
  }
  w.EndObject();
  return json_response(200, buf.GetString());
}

SimResponse limits(const Org& org) {
  const int64_t max = org.def.settings.daily_api_limit;
  const int64_t used = org.api_used();
  const std::pair<const char*, std::pair<int64_t, int64_t>> entries[] = {
      {"ConcurrentAsyncGetReportInstances", {200, 200}},
      {"ConcurrentSyncReportRuns", {20, 20}},
      {"DailyAnalyticsDataflowJobExecutions", {60, 60}},
      {"DailyApiRequests", {max, std::max<int64_t>(0, max - used)}},
      {"DailyAsyncApexExecutions", {250000, 250000}},
      {"DailyBulkApiBatches", {15000, 15000}},
      {"DailyBulkV2QueryFileStorageMB", {976562, 976562}},
      {"DailyBulkV2QueryJobs", {10000, 10000}},
      {"DailyDurableGenericStreamingApiEvents", {10000, 10000}},
      {"DailyDurableStreamingApiEvents", {10000, 10000}},
      {"DailyGenericStreamingApiEvents", {10000, 10000}},
      {"DailyStandardVolumePlatformEvents", {10000, 10000}},
      {"DailyStreamingApiEvents", {10000, 10000}},
      {"DailyWorkflowEmails", {405, 405}},
      {"DataStorageMB", {5, 5}},
      {"FileStorageMB", {20, 20}},
      {"HourlyAsyncReportRuns", {1200, 1200}},
      {"HourlyDashboardRefreshes", {200, 200}},
      {"HourlyDashboardResults", {5000, 5000}},
      {"HourlyDashboardStatuses", {999999999, 999999999}},
      {"HourlyODataCallout", {10000, 10000}},
      {"HourlySyncReportRuns", {500, 500}},
      {"HourlyTimeBasedWorkflow", {50, 50}},
      {"MassEmail", {10, 10}},
      {"SingleEmail", {15, 15}}};
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  for (const auto& e : entries) {
    w.Key(e.first);
    w.StartObject();
    w.Key("Max");
    w.Int64(e.second.first);
    w.Key("Remaining");
    w.Int64(e.second.second);
    w.EndObject();
  }
  w.EndObject();
  return json_response(200, buf.GetString());
}

SimResponse query(const Org& org, const UserDef& user, const std::string& v, const SimRequest& req,
                  const std::vector<std::string>& parts) {
  if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(req.method, "GET,HEAD");
  if (parts.size() > 3 && !parts[3].empty())  // query/<locator>: every result fits in one page
    return rest_error(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
  ParamMap params;
  if (!decode_form(req.query, params))
    return rest_error(400, "MALFORMED_QUERY", "The query string is not correctly encoded");
  const std::string q = first_param(params, "q");
  if (q.empty()) return rest_error(400, "MALFORMED_QUERY", "A query string has to be specified");
  // columns=true describes the selected columns instead of running the
  // query (the Salesforce CLI asks this before every `sf data query`).
  const std::string columns = first_param(params, "columns");
  const SoqlResult r = columns == "true" ? describe_soql_columns(org, user, q) : run_soql(org, user, q, v);
  if (!r.ok) return rest_error(400, r.error_code, r.message);
  return json_response(200, r.json);
}

SimResponse record(const Org& org, const UserDef& user, const ObjectDef& o, const std::string& id,
                   const std::string& v) {
  for (const Record& row : object_rows(org, o, user)) {
    const auto it = row.find("Id");
    if (it == row.end() || it->second.text.compare(0, 15, id.substr(0, 15)) != 0 || id.size() < 15) continue;
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    w.Key("attributes");
    w.StartObject();
    w.Key("type");
    w.String(o.name);
    w.Key("url");
    w.String("/services/data/v" + v + "/sobjects/" + o.name + "/" + it->second.text);
    w.EndObject();
    for (const auto& f : o.fields) {
      w.Key(f.name.c_str());
      const auto fv = row.find(f.name);
      if (fv == row.end() || fv->second.kind == FieldValue::Kind::Null)
        w.Null();
      else if (fv->second.kind == FieldValue::Kind::Bool)
        w.Bool(fv->second.flag);
      else if (fv->second.kind == FieldValue::Kind::Number)
        w.RawValue(fv->second.text.c_str(), fv->second.text.size(), rapidjson::kNumberType);
      else
        w.String(fv->second.text);
    }
    w.EndObject();
    return json_response(200, buf.GetString());
  }
  return rest_error(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + id);
}

SimResponse sobjects(const Org& org, const UserDef& user, const std::string& v, const SimRequest& req,
                     const std::vector<std::string>& parts) {
  // parts: vXX.X, sobjects, [Object, [describe | id]]
  if (parts.size() == 2 || (parts.size() == 3 && parts[2].empty())) {
    if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(req.method, "GET,HEAD");
    return json_response(200, describe_global_json(org, v));
  }
  const ObjectDef* o = org.object(parts[2]);
  if (!o) return not_found();
  if (parts.size() == 3 || (parts.size() == 4 && parts[3].empty())) {
    if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(req.method, "GET,HEAD,POST");
    return json_response(200, basic_info_json(*o, v));
  }
  if (parts.size() == 4 && parts[3] == "describe") {
    if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(req.method, "GET,HEAD");
    return json_response(200, describe_object_json(org, *o, v));
  }
  if (parts.size() == 4) {
    if (req.method != "GET" && req.method != "HEAD")
      return rest_error(403, "INSUFFICIENT_ACCESS_OR_READONLY", "insufficient access rights on object id");
    return record(org, user, *o, parts[3], v);
  }
  return not_found();
}

SimResponse dispatch(Org& org, const UserDef& user, const std::string& v, const SimRequest& req,
                     const std::vector<std::string>& parts);

// ---- composite ----

std::string json_of(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  v.Accept(w);
  return buf.GetString();
}

// Resolves "@{ref.records[0].Id}" against earlier subresponse bodies.
bool resolve_references(const std::string& in, const std::map<std::string, rapidjson::Document>& bodies,
                        std::string& out, std::string& failed_ref, std::string& failed_id) {
  out.clear();
  std::size_t last = 0;
  // Each "@{id.path}": id is [A-Za-z0-9_]+, path runs to the first '}'.
  for (std::size_t at = in.find("@{"); at != std::string::npos; at = in.find("@{", at + 1)) {
    std::size_t id_end = at + 2;
    while (id_end < in.size() && is_reference_id_char(in[id_end])) ++id_end;
    if (id_end == at + 2 || id_end >= in.size() || in[id_end] != '.') continue;
    const std::size_t close = in.find('}', id_end + 1);
    if (close == std::string::npos || close == id_end + 1) continue;
    out += in.substr(last, at - last);
    last = close + 1;
    const std::string ref = in.substr(at + 2, id_end - at - 2);
    std::string path = in.substr(id_end + 1, close - id_end - 1);
    at = close;  // the next reference starts after this one
    failed_ref = path;
    failed_id = ref;
    const auto body = bodies.find(ref);
    if (body == bodies.end()) return false;
    // records[0].Id -> /records/0/Id
    std::string pointer = "/";
    for (char c : path) {
      if (c == '.' || c == '[')
        pointer += '/';
      else if (c != ']')
        pointer += c;
    }
    std::string cleaned;
    for (std::size_t i = 0; i < pointer.size(); ++i)
      if (!(pointer[i] == '/' && i + 1 < pointer.size() && pointer[i + 1] == '/')) cleaned += pointer[i];
    const rapidjson::Value* v = rapidjson::Pointer(cleaned.c_str()).Get(body->second);
    if (!v || v->IsNull()) return false;
    if (v->IsString())
      out += v->GetString();
    else
      out += json_of(*v);
  }
  out += in.substr(last);
  return true;
}

constexpr rapidjson::SizeType kMaxCompositeSubrequests = 25;
constexpr int kMaxCompositeQueries = 5;

// True for /services/data/vXX.X/{query,queryAll}[/...] and
// /services/data/vXX.X/composite/sobjects[/...].
bool is_query_or_collection(const std::string& url) {
  const std::string path = url.substr(0, url.find('?'));
  if (!boost::starts_with(path, "/services/data/")) return false;
  std::vector<std::string> parts;
  boost::split(parts, path.substr(15), boost::is_any_of("/"));
  if (parts.size() < 2) return false;
  if (parts[1] == "query" || parts[1] == "queryAll") return true;
  return parts[1] == "composite" && parts.size() >= 3 && parts[2] == "sobjects";
}

SimResponse composite(Org& org, const UserDef& user, const SimRequest& req) {
  if (req.method != "POST") return method_not_allowed(req.method, "POST");
  rapidjson::Document doc;
  if (!parse_bounded_json(doc, req.body) || !doc.IsObject())
    return rest_error(400, "JSON_PARSER_ERROR",
                      "Unexpected character at [line:1, column:" + std::to_string(doc.GetErrorOffset() + 1) + "]");
  const auto reqs = doc.FindMember("compositeRequest");
  if (reqs == doc.MemberEnd() || !reqs->value.IsArray() || reqs->value.Empty())
    return rest_error(400, "INVALID_INPUT", "compositeRequest: required field is missing or empty");
  if (reqs->value.Size() > kMaxCompositeSubrequests)
    return rest_error(400, "LIMIT_EXCEEDED", "Exceeded max limit of subrequests allowed in a composite request: 25");
  // Of the 25, at most 5 may be queries (query, queryAll) or sObject
  // Collections; Salesforce refuses the whole request otherwise.
  int heavy = 0;
  for (const auto& item : reqs->value.GetArray())
    if (item.IsObject() && item.HasMember("url") && item["url"].IsString() &&
        is_query_or_collection(item["url"].GetString()))
      ++heavy;
  if (heavy > kMaxCompositeQueries)
    return rest_error(
        400, "LIMIT_EXCEEDED",
        "Exceeded max limit of query and sObject Collections subrequests allowed in a composite request: 5");
  bool all_or_none = false;
  const auto aon = doc.FindMember("allOrNone");
  if (aon != doc.MemberEnd() && aon->value.IsBool()) all_or_none = aon->value.GetBool();

  struct Sub {
    std::string reference_id;
    int status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
  };
  std::vector<Sub> subs;
  std::map<std::string, rapidjson::Document> bodies;
  std::set<std::string> seen_ids;
  bool failed = false;
  for (const auto& item : reqs->value.GetArray()) {
    if (!item.IsObject() || !item.HasMember("method") || !item["method"].IsString() || !item.HasMember("url") ||
        !item["url"].IsString() || !item.HasMember("referenceId") || !item["referenceId"].IsString())
      return rest_error(400, "INVALID_INPUT", "Each subrequest needs method, url and referenceId");
    const std::string ref_id = item["referenceId"].GetString();
    if (!is_reference_id(ref_id)) return rest_error(400, "INVALID_INPUT", "Invalid referenceId: " + ref_id);
    if (!seen_ids.insert(ref_id).second)
      return rest_error(400, "DUPLICATE_VALUE", "Duplicate referenceId provided in the request: " + ref_id);
    Sub sub;
    sub.reference_id = ref_id;
    std::string url, body, bad_ref, bad_id;
    const std::string raw_body = item.HasMember("body") ? json_of(item["body"]) : std::string();
    if (!resolve_references(item["url"].GetString(), bodies, url, bad_ref, bad_id) ||
        !resolve_references(raw_body, bodies, body, bad_ref, bad_id)) {
      const SimResponse e = rest_error(400, "PROCESSING_HALTED", invalid_reference_message(bad_ref, bad_id));
      sub.status = e.status;
      sub.body = e.body;
      failed = true;
      subs.push_back(sub);
      continue;
    }
    SimRequest inner;
    inner.method = item["method"].GetString();
    inner.set_target(url);
    inner.body = body;
    inner.headers = req.headers;
    std::vector<std::string> parts;
    boost::split(parts, inner.path.size() > 15 ? inner.path.substr(15) : std::string(), boost::is_any_of("/"));
    const std::string inner_v =
        boost::starts_with(inner.path, "/services/data/") && !parts.empty() ? parse_version(parts[0]) : "";
    SimResponse r;
    if (inner_v.empty() || parts.size() < 2)
      r = not_found();
    else if (parts[1] == "composite")
      r = rest_error(400, "INVALID_INPUT", "Composite requests cannot be nested");
    else
      r = dispatch(org, user, inner_v, inner, parts);
    sub.status = r.status;
    sub.body = r.body;
    if (r.status >= 400)
      failed = true;
    else {
      rapidjson::Document d;
      if (parse_bounded_json(d, r.body)) bodies[ref_id] = std::move(d);
    }
    subs.push_back(sub);
  }
  if (all_or_none && failed) {
    const SimResponse halted = rest_error(400, "PROCESSING_HALTED",
                                          "The transaction was rolled back since another operation in the same "
                                          "transaction failed.");
    for (auto& s : subs) {
      if (s.status < 400) {
        s.status = halted.status;
        s.body = halted.body;
      }
    }
  }
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("compositeResponse");
  w.StartArray();
  for (const auto& s : subs) {
    w.StartObject();
    w.Key("body");
    if (s.body.empty())
      w.Null();
    else
      w.RawValue(s.body.c_str(), s.body.size(), rapidjson::kObjectType);
    w.Key("httpHeaders");
    w.StartObject();
    w.EndObject();
    w.Key("httpStatusCode");
    w.Int(s.status);
    w.Key("referenceId");
    w.String(s.reference_id);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return json_response(200, buf.GetString());
}

SimResponse dispatch(Org& org, const UserDef& user, const std::string& v, const SimRequest& req,
                     const std::vector<std::string>& parts) {
  if (parts.size() == 1 || (parts.size() == 2 && parts[1].empty())) {
    if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(req.method, "GET,HEAD");
    return resources(org, user, v);
  }
  const std::string& resource = parts[1];
  if (resource == "query" || resource == "queryAll") return query(org, user, v, req, parts);
  if (resource == "sobjects") return sobjects(org, user, v, req, parts);
  if (resource == "limits" && parts.size() == 2) {
    if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(req.method, "GET,HEAD");
    return limits(org);
  }
  if (resource == "composite" && parts.size() == 2) return composite(org, user, req);
  return not_found();
}

std::string bearer(const SimRequest& req) {
  const std::string auth = req.header("authorization");
  if (boost::starts_with(auth, "Bearer ")) return auth.substr(7);
  if (boost::starts_with(auth, "OAuth ")) return auth.substr(6);
  return {};
}

}  // namespace

SimResponse handle_rest(Org& org, const SimRequest& req) {
  if (req.path == "/services/data" || req.path == "/services/data/") {
    if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(req.method, "GET,HEAD");
    return versions();
  }
  std::vector<std::string> parts;
  boost::split(parts, req.path.substr(15), boost::is_any_of("/"));  // after "/services/data/"
  const std::string v = parse_version(parts[0]);
  if (v.empty()) return not_found();

  const std::string token = bearer(req);
  const UserDef* user = token.empty() ? nullptr : org.use_access_token(token);
  if (!user) return rest_error(401, "INVALID_SESSION_ID", "Session expired or invalid");
  if (!org.def.settings.api_enabled_for_org)
    return rest_error(403, "API_DISABLED_FOR_ORG", "The REST API is not enabled for this Organization.");
  if (!org.has_permission(*user, "ApiEnabled"))
    return rest_error(403, "API_CURRENTLY_DISABLED", "API is disabled for this User");
  org.prune_api_window();
  if (org.api_used() >= org.def.settings.daily_api_limit) {
    SimResponse res = rest_error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
    res.set_header("Sforce-Limit-Info", org.limit_info_header());
    return res;
  }
  org.record_api_call();
  SimResponse res = dispatch(org, *user, v, req, parts);
  res.set_header("Sforce-Limit-Info", org.limit_info_header());
  if (req.method == "HEAD") res.body.clear();
  return res;
}

}  // namespace sfsim
