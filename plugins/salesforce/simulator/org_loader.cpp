#include "org_loader.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <boost/algorithm/string.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "console_plugin/input_bounds.hpp"
#include "layout_names.h"
#include "metadata_schema.h"
#include "sf_id.h"
#include "sim_http.h"
#include "system_objects.h"

namespace sfsim {

namespace {

using rapidjson::Value;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw OrgLoadError("org definition: " + path + ": " + what);
}

const Value& member(const Value& obj, const char* name, const std::string& path) {
  if (!obj.IsObject()) fail(path, "must be an object");
  const auto it = obj.FindMember(name);
  if (it == obj.MemberEnd()) fail(path + "." + name, "is required");
  return it->value;
}

std::string get_string(const Value& obj, const char* name, const std::string& path, const char* fallback = nullptr) {
  const auto it = obj.FindMember(name);
  if (it == obj.MemberEnd()) {
    if (fallback) return fallback;
    fail(path + "." + name, "is required");
  }
  if (!it->value.IsString()) fail(path + "." + name, "must be a string");
  return it->value.GetString();
}

bool get_bool(const Value& obj, const char* name, const std::string& path, bool fallback) {
  const auto it = obj.FindMember(name);
  if (it == obj.MemberEnd()) return fallback;
  if (!it->value.IsBool()) fail(path + "." + name, "must be true or false");
  return it->value.GetBool();
}

int64_t get_int(const Value& obj, const char* name, const std::string& path, int64_t fallback) {
  const auto it = obj.FindMember(name);
  if (it == obj.MemberEnd()) return fallback;
  if (!it->value.IsInt64()) fail(path + "." + name, "must be an integer");
  return it->value.GetInt64();
}

std::vector<std::string> get_strings(const Value& obj, const char* name, const std::string& path) {
  std::vector<std::string> out;
  const auto it = obj.FindMember(name);
  if (it == obj.MemberEnd()) return out;
  if (!it->value.IsArray()) fail(path + "." + name, "must be an array of strings");
  for (const auto& v : it->value.GetArray()) {
    if (!v.IsString()) fail(path + "." + name, "must be an array of strings");
    out.emplace_back(v.GetString());
  }
  return out;
}

const Value& array_member(const Value& obj, const char* name, const std::string& path) {
  static const Value empty(rapidjson::kArrayType);
  const auto it = obj.FindMember(name);
  if (it == obj.MemberEnd()) return empty;
  if (!it->value.IsArray()) fail(path + "." + name, "must be an array");
  return it->value;
}

void check_permissions(const std::vector<std::string>& perms, const std::string& path) {
  for (const auto& p : perms) {
    bool known = false;
    for (const auto& k : known_permissions()) known = known || k == p;
    if (!known) fail(path, "unknown permission '" + p + "'");
  }
}

// The "permissions" of a profile or permission set at `path`, checked.
void load_permissions(PermissionSetDef& ps, const Value& obj, const std::string& path) {
  const auto perms = get_strings(obj, "permissions", path);
  check_permissions(perms, path + ".permissions");
  ps.permissions.insert(perms.begin(), perms.end());
}

FieldValue json_to_field_value(const Value& v) {
  if (v.IsString()) {
    std::string s = v.GetString();
    return FieldValue::of(s);
  }
  if (v.IsBool()) return FieldValue::of_bool(v.GetBool());
  if (v.IsNumber()) {
    std::ostringstream os;
    if (v.IsInt64())
      os << v.GetInt64();
    else
      os << v.GetDouble();
    return FieldValue::of_number(os.str());
  }
  return FieldValue{};
}

ObjectDef load_object(const Value& o, const std::string& path) {
  ObjectDef obj;
  obj.name = get_string(o, "name", path);
  obj.label = get_string(o, "label", path, obj.name.c_str());
  obj.label_plural = get_string(o, "label_plural", path, obj.label.c_str());
  obj.key_prefix = get_string(o, "key_prefix", path, "");
  obj.custom = get_bool(o, "custom", path, boost::ends_with(obj.name, "__c"));
  obj.layoutable = get_bool(o, "layoutable", path, true);
  obj.queryable = get_bool(o, "queryable", path, true);
  obj.createable = get_bool(o, "createable", path, true);
  const Value& fields = array_member(o, "fields", path);
  for (rapidjson::SizeType i = 0; i < fields.Size(); ++i) {
    const std::string fp = path + ".fields[" + std::to_string(i) + "]";
    FieldDef f;
    f.name = get_string(fields[i], "name", fp);
    f.type = get_string(fields[i], "type", fp, "string");
    f.kind = parse_field_type(f.type);
    f.label = get_string(fields[i], "label", fp, f.name.c_str());
    f.length = static_cast<int>(get_int(fields[i], "length", fp, 0));
    f.reference_to = get_strings(fields[i], "reference_to", fp);
    obj.fields.push_back(f);
  }
  if (!obj.field("Id")) {
    FieldDef id;
    id.name = "Id";
    id.type = "id";
    id.kind = FieldType::Id;
    id.label = obj.label + " ID";
    id.length = 18;
    obj.fields.insert(obj.fields.begin(), id);
  }
  const Value& records = array_member(o, "records", path);
  for (rapidjson::SizeType i = 0; i < records.Size(); ++i) {
    const std::string rp = path + ".records[" + std::to_string(i) + "]";
    if (!records[i].IsObject()) fail(rp, "must be an object");
    Record r;
    for (auto it = records[i].MemberBegin(); it != records[i].MemberEnd(); ++it) {
      const FieldDef* f = obj.field(it->name.GetString());
      if (!f) fail(rp + "." + it->name.GetString(), "is not a field of " + obj.name);
      FieldValue v = json_to_field_value(it->value);
      if ((f->kind == FieldType::Id || f->kind == FieldType::Reference) && v.kind == FieldValue::Kind::String)
        v.text = to_id18(v.text);
      r[f->name] = v;
    }
    if (r.find("Id") == r.end())
      r["Id"] = FieldValue::of(make_id(obj.key_prefix.empty() ? "000" : obj.key_prefix, static_cast<int>(i) + 1));
    obj.records.push_back(r);
  }
  return obj;
}

void load_metadata(const Value& root, const char* key, std::map<std::string, MdNode>& out) {
  const Value& items = array_member(root, key, "");
  for (rapidjson::SizeType i = 0; i < items.Size(); ++i) {
    const std::string path = std::string(key) + "[" + std::to_string(i) + "]";
    const std::string full_name = get_string(items[i], "fullName", path);
    MdNode md = MdNode::from_json("records", items[i]);
    // An org holds only what Salesforce would have accepted.
    const bool layout = std::string(key) == "layouts";
    if (const auto fault = check_wire_format(md, layout ? "Layout" : "WebLink")) fail(path, *fault);
    if (layout && !is_encoded_layout_full_name(full_name))
      fail(path + ".fullName", "must be spelled as Salesforce encodes it: " + encode_layout_full_name(full_name));
    out[full_name] = std::move(md);
  }
}

ConnectedApp load_app(const Value& app, const std::string& path) {
  if (!app.IsObject()) fail(path, "must be an object");
  ConnectedApp a;
  a.name = get_string(app, "name", path, "Connected App");
  a.client_id = get_string(app, "client_id", path);
  a.client_secret = get_string(app, "client_secret", path, "");
  a.require_secret = get_bool(app, "require_secret", path, true);
  if (a.require_secret && a.client_secret.empty())
    fail(path + ".client_secret", "is required when require_secret is true");
  a.callback_urls = get_strings(app, "callback_urls", path);
  a.scopes = get_strings(app, "scopes", path);
  if (a.scopes.empty()) a.scopes = {"api", "refresh_token", "offline_access", "web", "id"};
  return a;
}

}  // namespace

OrgDefinition load_org_definition(const std::string& json_text) {
  rapidjson::Document doc;
  if (console::bounds::json_depth_exceeds(json_text, console::bounds::kMaxJsonDepth))
    throw OrgLoadError("org definition: nested deeper than " + std::to_string(console::bounds::kMaxJsonDepth) +
                       " levels");
  doc.Parse<rapidjson::kParseIterativeFlag>(json_text.c_str(), json_text.size());
  if (doc.HasParseError())
    throw OrgLoadError(std::string("org definition: invalid JSON at offset ") + std::to_string(doc.GetErrorOffset()) +
                       ": " + rapidjson::GetParseError_En(doc.GetParseError()));
  if (!doc.IsObject()) fail("$", "must be an object");

  OrgDefinition def;
  const Value& org = member(doc, "organization", "$");
  const std::string org_id = get_string(org, "id", "organization");
  if (org_id.size() != 15 && org_id.size() != 18) fail("organization.id", "must be a 15- or 18-character id");
  if (org_id.compare(0, 3, "00D") != 0) fail("organization.id", "must start with 00D");
  def.org_id = to_id18(org_id.substr(0, 15));
  def.org_name = get_string(org, "name", "organization");
  def.my_domain = get_string(org, "my_domain", "organization", "simorg");
  def.edition = get_string(org, "edition", "organization", "Developer Edition");

  def.app = load_app(member(doc, "connected_app", "$"), "connected_app");
  const auto others = doc.FindMember("other_apps");
  if (others != doc.MemberEnd()) {
    if (!others->value.IsArray()) fail("other_apps", "must be an array of apps");
    std::set<std::string> client_ids{def.app.client_id};
    for (rapidjson::SizeType i = 0; i < others->value.Size(); ++i) {
      const std::string path = "other_apps[" + std::to_string(i) + "]";
      ConnectedApp a = load_app(others->value[i], path);
      if (!client_ids.insert(a.client_id).second) fail(path + ".client_id", "duplicates another app's client_id");
      def.other_apps.push_back(std::move(a));
    }
  }

  const auto s_it = doc.FindMember("settings");
  if (s_it != doc.MemberEnd()) {
    const Value& s = s_it->value;
    OrgSettings& st = def.settings;
    for (const auto& f : kFlagSettings) st.*f.member = get_bool(s, f.name, "settings", st.*f.member);
    for (const auto& f : kCountSettings) st.*f.member = static_cast<int>(get_int(s, f.name, "settings", st.*f.member));
    st.refresh_policy = get_string(s, "refresh_policy", "settings", st.refresh_policy.c_str());
    if (st.refresh_policy != "infinite" && st.refresh_policy != "idle" && st.refresh_policy != "zero")
      fail("settings.refresh_policy", "must be infinite, idle or zero");
    st.daily_api_limit = get_int(s, "daily_api_limit", "settings", st.daily_api_limit);
  }

  // Profiles each own a permission set (IsOwnedByProfile = true), as on a
  // real org; regular permission sets follow.
  int ps_seq = 0;
  const Value& profiles = array_member(doc, "profiles", "$");
  for (rapidjson::SizeType i = 0; i < profiles.Size(); ++i) {
    const std::string path = "profiles[" + std::to_string(i) + "]";
    ProfileDef prof;
    prof.id = make_id("00e", static_cast<int>(i) + 1);
    prof.name = get_string(profiles[i], "name", path);
    PermissionSetDef ps;
    ps.id = make_id("0PS", ++ps_seq);
    ps.name = "X00ex" + std::to_string(i + 1) + "_Profile";
    ps.label = prof.name;
    ps.owned_by_profile = true;
    ps.profile_id = prof.id;
    load_permissions(ps, profiles[i], path);
    prof.permission_set_id = ps.id;
    def.profiles.push_back(prof);
    def.permission_sets.push_back(ps);
  }
  const Value& sets = array_member(doc, "permission_sets", "$");
  for (rapidjson::SizeType i = 0; i < sets.Size(); ++i) {
    const std::string path = "permission_sets[" + std::to_string(i) + "]";
    PermissionSetDef ps;
    ps.id = make_id("0PS", ++ps_seq);
    ps.name = get_string(sets[i], "name", path);
    ps.label = get_string(sets[i], "label", path, ps.name.c_str());
    load_permissions(ps, sets[i], path);
    def.permission_sets.push_back(ps);
  }

  const Value& users = array_member(doc, "users", "$");
  for (rapidjson::SizeType i = 0; i < users.Size(); ++i) {
    const std::string path = "users[" + std::to_string(i) + "]";
    UserDef u;
    u.id = make_id("005", static_cast<int>(i) + 1);
    u.username = get_string(users[i], "username", path);
    u.password = get_string(users[i], "password", path);
    u.first_name = get_string(users[i], "first_name", path, "");
    u.last_name = get_string(users[i], "last_name", path, u.username.c_str());
    u.email = get_string(users[i], "email", path, u.username.c_str());
    u.active = get_bool(users[i], "active", path, true);
    const std::string profile_name = get_string(users[i], "profile", path);
    for (const auto& p : def.profiles)
      if (p.name == profile_name) u.profile_id = p.id;
    if (u.profile_id.empty()) fail(path + ".profile", "no profile named '" + profile_name + "'");
    for (const auto& set_name : get_strings(users[i], "permission_sets", path)) {
      std::string found;
      for (const auto& ps : def.permission_sets)
        if (!ps.owned_by_profile && ps.name == set_name) found = ps.id;
      if (found.empty()) fail(path + ".permission_sets", "no permission set named '" + set_name + "'");
      u.permission_set_ids.push_back(found);
    }
    def.users.push_back(u);
  }
  if (def.users.empty()) fail("users", "at least one user is required");

  for (auto& sys : system_object_definitions()) def.objects.push_back(sys);
  const Value& objects = array_member(doc, "objects", "$");
  for (rapidjson::SizeType i = 0; i < objects.Size(); ++i) {
    ObjectDef obj = load_object(objects[i], "objects[" + std::to_string(i) + "]");
    if (is_system_object(obj.name)) fail("objects[" + std::to_string(i) + "]", obj.name + " is built in");
    def.objects.push_back(obj);
  }

  load_metadata(doc, "weblinks", def.weblinks);
  load_metadata(doc, "layouts", def.layouts);
  return def;
}

OrgDefinition load_org_definition_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw OrgLoadError("org definition: cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return load_org_definition(text.str());
}

OrgDefinition builtin_org_definition() { return load_org_definition(builtin_org_json()); }

}  // namespace sfsim
