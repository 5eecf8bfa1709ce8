#include "org_model.h"

#include <algorithm>
#include <boost/algorithm/string.hpp>
#include <chrono>
#include <iterator>

#include "sim_http.h"

namespace sfsim {

const std::vector<std::string>& known_permissions() {
  static const std::vector<std::string> perms = {"ModifyAllData",        "ModifyMetadata", "ApiEnabled", "AuthorApex",
                                                 "CustomizeApplication", "EmailSingle",    "EmailMass",  "ApiUserOnly",
                                                 "ManageUsers",          "ViewSetup",      "ViewAllData"};
  return perms;
}

namespace {

struct FieldTypeNames {
  const char* describe_type;  // the describe "type" that parses to `kind`
  FieldType kind;
  const char* soap_type;
  const char* apex_type;
};

// Every describe type not named here (string, email, picklist, ...) is Text.
constexpr FieldTypeNames kFieldTypes[] = {
    {"id", FieldType::Id, "tns:ID", "Id"},
    {"reference", FieldType::Reference, "tns:ID", "Id"},
    {"boolean", FieldType::Boolean, "xsd:boolean", "Boolean"},
    {"datetime", FieldType::DateTime, "xsd:dateTime", "Datetime"},
    {"date", FieldType::Date, "xsd:date", "Date"},
    {"int", FieldType::Int, "xsd:int", "Integer"},
    {"double", FieldType::Double, "xsd:double", "Double"},
    {"currency", FieldType::Currency, "xsd:double", "Double"},
    {"percent", FieldType::Percent, "xsd:double", "Double"},
    {"anyType", FieldType::AnyType, "xsd:anyType", "String"},
    {nullptr, FieldType::Text, "xsd:string", "String"},
};

const FieldTypeNames& names_of(FieldType kind) {
  for (const auto& n : kFieldTypes)
    if (n.kind == kind) return n;
  return kFieldTypes[std::size(kFieldTypes) - 1];
}

}  // namespace

FieldType parse_field_type(const std::string& t) {
  for (const auto& n : kFieldTypes)
    if (n.describe_type != nullptr && t == n.describe_type) return n.kind;
  return FieldType::Text;
}

const char* soap_type(FieldType kind) { return names_of(kind).soap_type; }

const char* apex_type(FieldType kind) { return names_of(kind).apex_type; }

const FieldDef* ObjectDef::field(const std::string& name_ci) const {
  for (const auto& f : fields)
    if (boost::iequals(f.name, name_ci)) return &f;
  return nullptr;
}

Org::Org(const OrgDefinition& definition) : def(definition) { rebuild_indexes(); }

void Org::rebuild_indexes() {
  users_by_id_.clear();
  users_by_username_.clear();
  permission_sets_by_id_.clear();
  profiles_by_id_.clear();
  for (std::size_t i = 0; i < def.users.size(); ++i) {
    const UserDef& u = def.users[i];
    users_by_id_.emplace(u.id, i);
    if (u.id.size() == 18) users_by_id_.emplace(u.id.substr(0, 15), i);
    users_by_username_.emplace(boost::to_lower_copy(u.username), i);
  }
  for (std::size_t i = 0; i < def.permission_sets.size(); ++i)
    permission_sets_by_id_.emplace(def.permission_sets[i].id, i);
  for (std::size_t i = 0; i < def.profiles.size(); ++i) profiles_by_id_.emplace(def.profiles[i].id, i);
  first_assignment_.clear();
  int seq = 0;
  for (const auto& u : def.users) {
    first_assignment_.push_back(seq + 1);
    seq += (profile(u.profile_id) ? 1 : 0) + static_cast<int>(u.permission_set_ids.size());
  }
}

int Org::first_assignment_sequence(const UserDef& user) const {
  return first_assignment_.at(static_cast<std::size_t>(&user - def.users.data()));
}

ConnectedApp* Org::app_by_client_id(const std::string& client_id) {
  if (client_id.empty()) return nullptr;
  if (def.app.client_id == client_id) return &def.app;
  for (auto& a : def.other_apps)
    if (a.client_id == client_id) return &a;
  return nullptr;
}

const ConnectedApp* Org::app_by_client_id(const std::string& client_id) const {
  return const_cast<Org*>(this)->app_by_client_id(client_id);
}

bool Org::register_callback(const std::string& client_id, const std::string& url) {
  ConnectedApp* app = app_by_client_id(client_id);
  if (!app) return false;
  if (std::find(app->callback_urls.begin(), app->callback_urls.end(), url) == app->callback_urls.end())
    app->callback_urls.push_back(url);
  auto& mine = registered_callbacks[client_id];
  if (std::find(mine.begin(), mine.end(), url) == mine.end()) mine.push_back(url);
  return true;
}

bool Org::unregister_callback(const std::string& client_id, const std::string& url) {
  ConnectedApp* app = app_by_client_id(client_id);
  if (!app) return false;
  app->callback_urls.erase(std::remove(app->callback_urls.begin(), app->callback_urls.end(), url),
                           app->callback_urls.end());
  auto& mine = registered_callbacks[client_id];
  mine.erase(std::remove(mine.begin(), mine.end(), url), mine.end());
  return true;
}

int64_t Org::now_ms() const {
  const auto real =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  return static_cast<int64_t>(real) + clock_offset_ms;
}

const UserDef* Org::user_by_username(const std::string& username) const {
  const auto it = users_by_username_.find(boost::to_lower_copy(username));
  return it == users_by_username_.end() ? nullptr : &def.users[it->second];
}

const UserDef* Org::user_by_id(const std::string& id) const {
  if (id.size() != 15 && id.size() != 18) return nullptr;
  const auto it = users_by_id_.find(id);
  return it == users_by_id_.end() ? nullptr : &def.users[it->second];
}

const PermissionSetDef* Org::permission_set(const std::string& id) const {
  const auto it = permission_sets_by_id_.find(id);
  return it == permission_sets_by_id_.end() ? nullptr : &def.permission_sets[it->second];
}

const ProfileDef* Org::profile(const std::string& id) const {
  const auto it = profiles_by_id_.find(id);
  return it == profiles_by_id_.end() ? nullptr : &def.profiles[it->second];
}

const ObjectDef* Org::object(const std::string& name_ci) const {
  for (const auto& o : def.objects)
    if (boost::iequals(o.name, name_ci)) return &o;
  return nullptr;
}

std::set<std::string> Org::effective_permissions(const UserDef& user) const {
  std::set<std::string> perms;
  if (const ProfileDef* prof = profile(user.profile_id)) {
    if (const PermissionSetDef* ps = permission_set(prof->permission_set_id))
      perms.insert(ps->permissions.begin(), ps->permissions.end());
  }
  for (const auto& id : user.permission_set_ids)
    if (const PermissionSetDef* ps = permission_set(id)) perms.insert(ps->permissions.begin(), ps->permissions.end());
  return perms;
}

bool Org::has_permission(const UserDef& user, const std::string& permission) const {
  return effective_permissions(user).count(permission) > 0;
}

std::string Org::identity_url(const UserDef& user) const { return base_url + "/id/" + def.org_id + "/" + user.id; }

int64_t Org::api_used() const {
  // Call times are recorded in order, so the calls of the last 24 hours are
  // a suffix: a binary search, not a scan per request.
  const int64_t cutoff = now_ms() - 24LL * 3600 * 1000;
  const auto first = std::upper_bound(api_call_times.begin(), api_call_times.end(), cutoff);
  return static_cast<int64_t>(api_call_times.end() - first);
}

void Org::prune_api_window() {
  const int64_t cutoff = now_ms() - 24LL * 3600 * 1000;
  while (!api_call_times.empty() && api_call_times.front() <= cutoff) api_call_times.pop_front();
}

void Org::record_api_call() {
  api_call_times.push_back(now_ms());
  ++calls.api;
}

std::string Org::limit_info_header() const {
  return "api-usage=" + std::to_string(api_used()) + "/" + std::to_string(def.settings.daily_api_limit);
}

}  // namespace sfsim
