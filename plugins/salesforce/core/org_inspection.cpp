#include "org_inspection.h"

#include "salesforce_errors.h"
#include "url_codec.h"
#include "wizard_schema.h"

namespace salesforce {
namespace {

void add_subrequest(JsonWriter& w, const std::string& ref, const std::string& url) {
  w.StartObject();
  w.Key("method");
  w.String("GET");
  w.Key("url");
  w.String(url.c_str());
  w.Key("referenceId");
  w.String(ref.c_str());
  w.EndObject();
}

const rapidjson::Value* sub_body(const rapidjson::Document& d, const char* ref, int* status) {
  if (!d.IsObject() || !d.HasMember("compositeResponse") || !d["compositeResponse"].IsArray()) return nullptr;
  for (const auto& s : d["compositeResponse"].GetArray()) {
    if (console::json::get_string(s, "referenceId") != ref) continue;
    *status = s.HasMember("httpStatusCode") && s["httpStatusCode"].IsInt() ? s["httpStatusCode"].GetInt() : 0;
    return s.HasMember("body") ? &s["body"] : nullptr;
  }
  return nullptr;
}

const rapidjson::Value* first_record(const rapidjson::Value* body) {
  if (!body || !body->IsObject() || !body->HasMember("records")) return nullptr;
  const auto& records = (*body)["records"];
  if (!records.IsArray() || records.Empty()) return nullptr;
  return &records[0];
}

// A failed subrequest as the error the admin sees.
console::Error sub_failure(const rapidjson::Value* body, int status, const char* what) {
  if (body) {
    if (auto e = find_salesforce_error(console::json::to_string(*body))) return api_failure(status, *e);
  }
  return http_failure(status, what);
}

bool salesforce_code_is(const console::Error& e, const char* code) {
  return e.detail_json().find(std::string("\"") + code + "\"") != std::string::npos;
}

}  // namespace

OrgInspection inspect_org(ApiSession& api, const PluginConfig& config, const std::string& object) {
  const std::string query = api.data_path("/query?q=");
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("allOrNone");
  w.Bool(false);
  w.Key("compositeRequest");
  w.StartArray();
  add_subrequest(w, "permissions", query + percent_encode(permission_query(config.email_enabled)));
  add_subrequest(w, "user",
                 query + percent_encode("SELECT Username, Name FROM User WHERE Id = '" + api.state().user_id + "'"));
  add_subrequest(w, "org", query + percent_encode("SELECT Name FROM Organization"));
  if (!object.empty()) add_subrequest(w, "object", api.data_path("/sobjects/" + percent_encode(object) + "/describe"));
  w.EndArray();
  w.EndObject();

  rapidjson::Document d;
  try {
    d = api.rest_post(api.data_path("/composite"), buf.GetString());
  } catch (const console::Error& e) {
    if (salesforce_code_is(e, "API_CURRENTLY_DISABLED")) {
      PermissionReport r;
      r.missing.push_back({"PermissionsApiEnabled", "API Enabled"});
      throw missing_permissions_error(r, "");
    }
    throw;
  }

  OrgInspection out;
  int status = 0;
  const rapidjson::Value* perms = sub_body(d, "permissions", &status);
  if (status != 200) throw sub_failure(perms, status, "the permission check");
  const rapidjson::Value* perm_row = first_record(perms);
  if (!perm_row) {
    throw console::Error(CONSOLE_ERR_REMOTE_ERROR, "Salesforce returned no permissions for the connector user.", "",
                         true);
  }
  out.permissions = evaluate_permissions(*perm_row, config.email_enabled);

  if (const rapidjson::Value* user = first_record(sub_body(d, "user", &status)); user && status == 200) {
    out.username = console::json::get_string(*user, "Username");
  }
  if (const rapidjson::Value* org = first_record(sub_body(d, "org", &status)); org && status == 200) {
    out.org_name = console::json::get_string(*org, "Name");
  }

  if (!object.empty()) {
    const rapidjson::Value* describe = sub_body(d, "object", &status);
    out.object.checked = true;
    if (status == 200 && describe && describe->IsObject()) {
      out.object.exists = true;
      out.object.layoutable = console::json::get_bool(*describe, "layoutable", false);
      out.object.name = console::json::get_string(*describe, "name", object);
      out.object.label = console::json::get_string(*describe, "label", object);
    } else if (status == 404 || status == 400) {
      out.object.exists = false;
    } else {
      throw sub_failure(describe, status, "the object check");
    }
  }
  return out;
}

console::Error object_error(const ObjectCheck& check, const std::string& requested) {
  if (!check.exists) {
    return console::Error(CONSOLE_ERR_INVALID_INPUT,
                          "This org has no object with the API name '" + requested +
                              "'. Use the object's API name from Setup > Object Manager (custom objects end in "
                              "__c), e.g. Account.",
                          kFieldObject);
  }
  return console::Error(CONSOLE_ERR_INVALID_INPUT,
                        "'" + check.name +
                            "' has no page layouts, so it cannot show the Smart Flows button. "
                            "Choose an object with record pages, e.g. Account.",
                        kFieldObject);
}

}  // namespace salesforce
