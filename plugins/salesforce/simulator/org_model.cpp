#include "org_model.h"

#include <chrono>

#include "sim_http.h"

namespace sfsim {

const std::vector<std::string>& known_permissions() {
  static const std::vector<std::string> perms = {
      "ModifyAllData", "ModifyMetadata", "ApiEnabled", "AuthorApex", "CustomizeApplication",
      "EmailSingle", "EmailMass", "ApiUserOnly", "ManageUsers", "ViewSetup", "ViewAllData"};
  return perms;
}

const FieldDef* ObjectDef::field(const std::string& name_ci) const {
  const std::string wanted = to_lower(name_ci);
  for (const auto& f : fields)
    if (to_lower(f.name) == wanted) return &f;
  return nullptr;
}

Org::Org(const OrgDefinition& definition) : def(definition) {}

int64_t Org::now_ms() const {
  const auto real = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  return static_cast<int64_t>(real) + clock_offset_ms;
}

const UserDef* Org::user_by_username(const std::string& username) const {
  const std::string wanted = to_lower(username);
  for (const auto& u : def.users)
    if (to_lower(u.username) == wanted) return &u;
  return nullptr;
}

const UserDef* Org::user_by_id(const std::string& id) const {
  for (const auto& u : def.users)
    if (u.id == id || (id.size() == 15 && u.id.compare(0, 15, id) == 0)) return &u;
  return nullptr;
}

const PermissionSetDef* Org::permission_set(const std::string& id) const {
  for (const auto& p : def.permission_sets)
    if (p.id == id) return &p;
  return nullptr;
}

const ProfileDef* Org::profile(const std::string& id) const {
  for (const auto& p : def.profiles)
    if (p.id == id) return &p;
  return nullptr;
}

const ObjectDef* Org::object(const std::string& name_ci) const {
  const std::string wanted = to_lower(name_ci);
  for (const auto& o : def.objects)
    if (to_lower(o.name) == wanted) return &o;
  return nullptr;
}

std::set<std::string> Org::effective_permissions(const UserDef& user) const {
  std::set<std::string> perms;
  if (const ProfileDef* prof = profile(user.profile_id)) {
    if (const PermissionSetDef* ps = permission_set(prof->permission_set_id))
      perms.insert(ps->permissions.begin(), ps->permissions.end());
  }
  for (const auto& id : user.permission_set_ids)
    if (const PermissionSetDef* ps = permission_set(id))
      perms.insert(ps->permissions.begin(), ps->permissions.end());
  return perms;
}

bool Org::has_permission(const UserDef& user, const std::string& permission) const {
  return effective_permissions(user).count(permission) > 0;
}

std::string Org::identity_url(const UserDef& user) const {
  return base_url + "/id/" + def.org_id + "/" + user.id;
}

int64_t Org::api_used() const {
  const int64_t cutoff = now_ms() - 24LL * 3600 * 1000;
  int64_t n = 0;
  for (const int64_t t : api_call_times)
    if (t > cutoff) ++n;
  return n;
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
