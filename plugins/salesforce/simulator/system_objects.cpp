#include "system_objects.h"

#include <boost/algorithm/string.hpp>
#include <ctime>

#include "sf_id.h"
#include "sim_http.h"

namespace sfsim {

namespace {

FieldDef field(std::string name, std::string type, std::string label, std::vector<std::string> ref = {}) {
  FieldDef f;
  f.name = std::move(name);
  f.type = std::move(type);
  f.kind = parse_field_type(f.type);
  f.label = std::move(label);
  f.reference_to = std::move(ref);
  f.length = f.kind == FieldType::Id || f.kind == FieldType::Reference ? 18 : (f.type == "string" ? 255 : 0);
  return f;
}

void add_permission_fields(ObjectDef& o) {
  for (const auto& p : known_permissions()) o.fields.push_back(field("Permissions" + p, "boolean", p));
}

ObjectDef object(std::string name, std::string label, std::string plural, std::string prefix) {
  ObjectDef o;
  o.name = std::move(name);
  o.label = std::move(label);
  o.label_plural = std::move(plural);
  o.key_prefix = std::move(prefix);
  o.layoutable = false;
  o.createable = false;
  return o;
}

std::string iso_time(int64_t ms) {
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000+0000", &tm);
  return buf;
}

void set_permissions(Record& r, const std::set<std::string>& perms) {
  for (const auto& p : known_permissions()) r["Permissions" + p] = FieldValue::of_bool(perms.count(p) > 0);
}

}  // namespace

std::vector<ObjectDef> system_object_definitions() {
  std::vector<ObjectDef> out;
  ObjectDef user = object("User", "User", "Users", "005");
  user.layoutable = true;
  user.fields = {field("Id", "id", "User ID"),
                 field("Username", "string", "Username"),
                 field("Name", "string", "Full Name"),
                 field("FirstName", "string", "First Name"),
                 field("LastName", "string", "Last Name"),
                 field("Email", "email", "Email"),
                 field("ProfileId", "reference", "Profile ID", {"Profile"}),
                 field("IsActive", "boolean", "Active"),
                 field("UserType", "picklist", "User Type"),
                 field("LanguageLocaleKey", "picklist", "Language"),
                 field("LocaleSidKey", "picklist", "Locale"),
                 field("TimeZoneSidKey", "picklist", "Time Zone")};
  out.push_back(user);

  ObjectDef profile = object("Profile", "Profile", "Profiles", "00e");
  profile.fields = {field("Id", "id", "Profile ID"), field("Name", "string", "Name"),
                    field("UserType", "picklist", "User Type")};
  add_permission_fields(profile);
  out.push_back(profile);

  ObjectDef ps = object("PermissionSet", "Permission Set", "Permission Sets", "0PS");
  ps.createable = true;
  ps.fields = {field("Id", "id", "Permission Set ID"),
               field("Name", "string", "Name"),
               field("Label", "string", "Label"),
               field("IsOwnedByProfile", "boolean", "Is Owned By Profile"),
               field("ProfileId", "reference", "Profile ID", {"Profile"}),
               field("IsCustom", "boolean", "Custom"),
               field("Type", "picklist", "Permission Set Type"),
               field("NamespacePrefix", "string", "Namespace Prefix"),
               field("PermissionSetGroupId", "reference", "Permission Set Group ID", {"PermissionSetGroup"})};
  add_permission_fields(ps);
  out.push_back(ps);

  ObjectDef psa = object("PermissionSetAssignment", "Permission Set Assignment", "Permission Set Assignments", "0Pa");
  psa.createable = true;
  psa.fields = {field("Id", "id", "Permission Set Assignment ID"),
                field("AssigneeId", "reference", "Assignee ID", {"User"}),
                field("PermissionSetId", "reference", "Permission Set ID", {"PermissionSet"}),
                field("PermissionSetGroupId", "reference", "Permission Set Group ID", {"PermissionSetGroup"}),
                field("IsActive", "boolean", "Is Active"),
                field("ExpirationDate", "datetime", "Expiration Date"),
                field("SystemModstamp", "datetime", "System Modstamp")};
  out.push_back(psa);

  ObjectDef org = object("Organization", "Organization", "Organizations", "00D");
  // The fields of Salesforce's Organization object that clients read; the
  // Salesforce CLI's org query is "SELECT Name, InstanceName, IsSandbox,
  // TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization".
  org.fields = {field("Id", "id", "Organization ID"),
                field("Name", "string", "Name"),
                field("OrganizationType", "picklist", "Edition"),
                field("InstanceName", "string", "Instance Name"),
                field("IsSandbox", "boolean", "Is Sandbox"),
                field("NamespacePrefix", "string", "Namespace Prefix"),
                field("TrialExpirationDate", "datetime", "Trial Expiration Date"),
                field("Division", "string", "Division"),
                field("Country", "string", "Country"),
                field("PrimaryContact", "string", "Primary Contact"),
                field("DefaultLocaleSidKey", "picklist", "Default Locale"),
                field("LanguageLocaleKey", "picklist", "Locale"),
                field("TimeZoneSidKey", "picklist", "Default Time Zone"),
                field("IsReadOnly", "boolean", "Is Read Only"),
                field("CreatedDate", "datetime", "Created Date")};
  out.push_back(org);

  ObjectDef upa = object("UserPermissionAccess", "User Permission Access", "User Permission Access", "");
  upa.fields = {field("Id", "id", "User Permission Access ID"),
                field("LastCacheUpdate", "datetime", "Last Cache Update")};
  add_permission_fields(upa);
  out.push_back(upa);
  return out;
}

bool is_system_object(const std::string& name) {
  static const std::set<std::string> names = {
      "user", "profile", "permissionset", "permissionsetassignment", "organization", "userpermissionaccess"};
  return names.count(boost::to_lower_copy(name)) > 0;
}

std::vector<Record> user_rows(const Org&, const std::vector<const UserDef*>& users) {
  std::vector<Record> rows;
  rows.reserve(users.size());
  const auto s = [](const std::string& v) { return FieldValue::of(v); };
  for (const UserDef* u : users) {
    rows.push_back({{"Id", s(u->id)},
                    {"Username", s(u->username)},
                    {"Name", s(u->full_name())},
                    {"FirstName", s(u->first_name)},
                    {"LastName", s(u->last_name)},
                    {"Email", s(u->email)},
                    {"ProfileId", s(u->profile_id)},
                    {"IsActive", FieldValue::of_bool(u->active)},
                    {"UserType", s("Standard")},
                    {"LanguageLocaleKey", s("en_US")},
                    {"LocaleSidKey", s("en_US")},
                    {"TimeZoneSidKey", s("America/Los_Angeles")}});
  }
  return rows;
}

std::vector<Record> assignment_rows(const Org& org, const std::vector<const UserDef*>& users) {
  // Every user's profile permission set shows up as an assignment too, as on
  // a real org; assignment ids follow user and set order.
  std::vector<Record> rows;
  const auto s = [](const std::string& v) { return FieldValue::of(v); };
  for (const UserDef* u : users) {
    std::vector<std::string> sets;
    if (const ProfileDef* prof = org.profile(u->profile_id)) sets.push_back(prof->permission_set_id);
    sets.insert(sets.end(), u->permission_set_ids.begin(), u->permission_set_ids.end());
    int seq = org.first_assignment_sequence(*u);
    for (const auto& set_id : sets) {
      rows.push_back({{"Id", s(make_id("0Pa", seq++))},
                      {"AssigneeId", s(u->id)},
                      {"PermissionSetId", s(set_id)},
                      {"PermissionSetGroupId", FieldValue{}},
                      {"IsActive", FieldValue::of_bool(true)},
                      {"ExpirationDate", FieldValue{}},
                      {"SystemModstamp", s("2024-01-15T10:00:00.000+0000")}});
    }
  }
  return rows;
}

std::vector<Record> object_rows(const Org& org, const ObjectDef& object, const UserDef& running_user) {
  std::vector<Record> rows;
  const std::string name = boost::to_lower_copy(object.name);
  const auto s = [](const std::string& v) { return FieldValue::of(v); };
  if (name == "user") {
    std::vector<const UserDef*> all;
    for (const auto& u : org.def.users) all.push_back(&u);
    rows = user_rows(org, all);
  } else if (name == "profile") {
    for (const auto& p : org.def.profiles) {
      Record r{{"Id", s(p.id)}, {"Name", s(p.name)}, {"UserType", s("Standard")}};
      const PermissionSetDef* ps = org.permission_set(p.permission_set_id);
      set_permissions(r, ps ? ps->permissions : std::set<std::string>{});
      rows.push_back(r);
    }
  } else if (name == "permissionset") {
    for (const auto& p : org.def.permission_sets) {
      Record r{{"Id", s(p.id)},
               {"Name", s(p.name)},
               {"Label", s(p.label)},
               {"IsOwnedByProfile", FieldValue::of_bool(p.owned_by_profile)},
               {"ProfileId", p.profile_id.empty() ? FieldValue{} : s(p.profile_id)},
               {"IsCustom", FieldValue::of_bool(!p.owned_by_profile)},
               {"Type", s(p.owned_by_profile ? "Profile" : "Regular")},
               {"NamespacePrefix", FieldValue{}},
               {"PermissionSetGroupId", FieldValue{}}};
      set_permissions(r, p.permissions);
      rows.push_back(r);
    }
  } else if (name == "permissionsetassignment") {
    std::vector<const UserDef*> all;
    for (const auto& u : org.def.users) all.push_back(&u);
    rows = assignment_rows(org, all);
  } else if (name == "organization") {
    rows.push_back({{"Id", s(org.def.org_id)},
                    {"Name", s(org.def.org_name)},
                    {"OrganizationType", s(org.def.edition)},
                    {"InstanceName", s("SIM1")},
                    {"IsSandbox", FieldValue::of_bool(false)},
                    {"NamespacePrefix", FieldValue{}},
                    {"TrialExpirationDate", FieldValue{}},
                    {"Division", FieldValue{}},
                    {"Country", s("US")},
                    {"PrimaryContact", s("Admin User")},
                    {"DefaultLocaleSidKey", s("en_US")},
                    {"LanguageLocaleKey", s("en_US")},
                    {"TimeZoneSidKey", s("America/Los_Angeles")},
                    {"IsReadOnly", FieldValue::of_bool(false)},
                    {"CreatedDate", s("2024-01-15T10:00:00.000+0000")}});
  } else if (name == "userpermissionaccess") {
    Record r{{"Id", FieldValue{}}, {"LastCacheUpdate", s(iso_time(org.now_ms()))}};
    set_permissions(r, org.effective_permissions(running_user));
    rows.push_back(r);
  } else {
    rows = object.records;
  }
  return rows;
}

}  // namespace sfsim
