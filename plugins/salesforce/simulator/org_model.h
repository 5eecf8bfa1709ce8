// The in-memory Salesforce org the simulator serves: its users, permission
// sets, Connected App, objects, metadata components, issued tokens, clock,
// API usage and injected faults.
//
// Org is a plain value guarded by Simulator's mutex; endpoint code receives
// an Org& only while that mutex is held. An OrgDefinition (built-in or from
// an --org file) is copied into a fresh Org on start and on /__sim/reset.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "metadata_node.h"

namespace sfsim {

// Permission names are the API field names without the "Permissions"
// prefix, e.g. "ModifyAllData" for PermissionsModifyAllData.
struct PermissionSetDef {
  std::string id;
  std::string name;
  std::string label;
  bool owned_by_profile = false;
  std::string profile_id;  // set when owned_by_profile
  std::set<std::string> permissions;
};

struct ProfileDef {
  std::string id;
  std::string name;
  std::string permission_set_id;  // the permission set that backs the profile
};

struct UserDef {
  std::string id;
  std::string username;
  std::string password;
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string profile_id;
  std::vector<std::string> permission_set_ids;  // assigned, not profile-owned
  bool active = true;
  std::string full_name() const { return first_name + " " + last_name; }
};

// The describe field types the simulator treats apart; every other one
// (string, picklist, textarea, email, phone, url, ...) is Text.
enum class FieldType { Id, Reference, Boolean, DateTime, Date, Int, Double, Currency, Percent, AnyType, Text };
// Parsed once, where a field is defined (org file or system object).
FieldType parse_field_type(const std::string& describe_type);
// How Salesforce names a field type in a describe's "soapType" and in
// SOQL column metadata ("apexType").
const char* soap_type(FieldType kind);
const char* apex_type(FieldType kind);

struct FieldDef {
  std::string name;
  std::string label;
  std::string type;  // describe type as written on the wire: id, string, reference, boolean, picklist, ...
  FieldType kind = FieldType::Text;  // parse_field_type(type)
  std::vector<std::string> reference_to;
  int length = 0;
};

// A scalar record value as SOQL returns it.
struct FieldValue {
  enum class Kind { Null, String, Bool, Number } kind = Kind::Null;
  std::string text;  // String/Number text
  bool flag = false;
  static FieldValue of(std::string s) { return {Kind::String, std::move(s), false}; }
  static FieldValue of_bool(bool b) { return {Kind::Bool, {}, b}; }
  static FieldValue of_number(std::string n) { return {Kind::Number, std::move(n), false}; }
};
using Record = std::map<std::string, FieldValue>;  // field API name -> value

struct ObjectDef {
  std::string name;
  std::string label;
  std::string label_plural;
  std::string key_prefix;  // may be empty (no key prefix)
  bool custom = false;
  bool layoutable = true;
  bool queryable = true;
  bool createable = true;
  std::vector<FieldDef> fields;
  std::vector<Record> records;                              // sample data for generic queries
  const FieldDef* field(const std::string& name_ci) const;  // case-insensitive
};

// A Connected App or External Client App. Callback URLs match exactly
// (scheme, host, port, path and query), as on Salesforce.
struct ConnectedApp {
  std::string name;
  std::string client_id;
  std::string client_secret;
  std::vector<std::string> callback_urls;
  std::vector<std::string> scopes;  // scopes the app may grant
  // "Require Secret for Web Server Flow" and for refresh: off for public
  // clients such as the Salesforce CLI's own app, which relies on PKCE.
  bool require_secret = true;
};

// Switches tests flip through POST /__sim/settings.
struct OrgSettings {
  bool refresh_rotation = false;
  int refresh_idle_days = 14;
  std::string refresh_policy = "idle";  // infinite | idle | zero
  bool api_enabled_for_org = true;
  int64_t daily_api_limit = 15000;
  bool app_installed = true;
  bool ip_restricted = false;
  bool require_pkce = false;
  // Development leniency, off by default and off in every test: a loopback
  // callback with any port matches a registered loopback callback with the
  // same path. Salesforce has no such rule.
  bool loopback_any_port = false;
  bool require_secret = true;
  bool password_grant = true;
  int session_timeout_minutes = 120;
  int max_refresh_tokens_per_user = 5;
  int auth_code_ttl_minutes = 15;
};

// The settings by their names in an org file, in POST /__sim/settings and
// in GET /__sim/state (refresh_policy and daily_api_limit are read and
// written one by one).
template <class T>
struct SettingField {
  const char* name;
  T OrgSettings::*member;
};
inline constexpr SettingField<bool> kFlagSettings[] = {
    {"refresh_rotation", &OrgSettings::refresh_rotation}, {"api_enabled_for_org", &OrgSettings::api_enabled_for_org},
    {"app_installed", &OrgSettings::app_installed},       {"ip_restricted", &OrgSettings::ip_restricted},
    {"require_pkce", &OrgSettings::require_pkce},         {"loopback_any_port", &OrgSettings::loopback_any_port},
    {"require_secret", &OrgSettings::require_secret},     {"password_grant", &OrgSettings::password_grant}};
inline constexpr SettingField<int> kCountSettings[] = {
    {"refresh_idle_days", &OrgSettings::refresh_idle_days},
    {"session_timeout_minutes", &OrgSettings::session_timeout_minutes},
    {"max_refresh_tokens_per_user", &OrgSettings::max_refresh_tokens_per_user},
    {"auth_code_ttl_minutes", &OrgSettings::auth_code_ttl_minutes}};

struct OrgDefinition {
  std::string org_id;  // 18 characters
  std::string org_name;
  std::string my_domain;
  std::string edition;
  ConnectedApp app;                      // the connector's app (settings apply to it)
  std::vector<ConnectedApp> other_apps;  // further apps, e.g. the Salesforce CLI's
  OrgSettings settings;
  std::vector<ProfileDef> profiles;
  std::vector<PermissionSetDef> permission_sets;
  std::vector<UserDef> users;
  std::vector<ObjectDef> objects;
  std::map<std::string, MdNode> weblinks;  // fullName -> component
  std::map<std::string, MdNode> layouts;   // fullName -> component
};

// Who an authorization code or token was issued to, for what, and when.
struct Grant {
  std::string user_id;
  std::string client_id;
  std::string scope;
  int64_t issued_ms = 0;
};

struct AccessTokenRecord : Grant {
  std::string refresh_token;  // the refresh token it came from, if any
  int64_t last_used_ms = 0;
  bool revoked = false;
};

struct RefreshTokenRecord : Grant {
  int64_t last_used_ms = 0;
  uint64_t sequence = 0;  // issue order, to revoke the oldest first
  bool revoked = false;
};

struct AuthCodeRecord : Grant {
  std::string redirect_uri;
  std::string code_challenge;  // empty when the client sent none
  bool used = false;
};

// An authorize request waiting for the login and approval forms.
struct PendingAuthorization {
  std::string client_id;
  std::string redirect_uri;
  std::string scope;
  std::string state;
  bool has_state = false;
  std::string code_challenge;
  std::string login_hint;
  std::string user_id;  // set once the login form succeeded
  int64_t created_ms = 0;
};

struct FaultRule {
  std::string path_prefix;
  std::string method;          // empty = any
  std::string soap_operation;  // empty = any
  int skip = 0;
  int count = 1;
  int status = 0;  // 0 = answer normally (only delay/drop)
  std::string body;
  std::string content_type;
  std::string soap_fault_code;  // e.g. "sf:UNKNOWN_EXCEPTION"
  std::string soap_fault_message;
  int delay_ms = 0;
  bool drop = false;
  // Carry the request out first, then drop the connection or delay the
  // answer (a timeout on the client): the outcome is lost, not the change.
  bool apply_first = false;
};

struct CallCounters {
  int64_t total = 0;
  int64_t api = 0;
  // Microseconds sfsim spent answering them, from the request read to the
  // answer ready to send (benchmarks compare a client's time with this).
  int64_t busy_us = 0;
  std::map<std::string, int64_t> by_endpoint;
};

class Org {
 public:
  explicit Org(const OrgDefinition& def);

  OrgDefinition def;  // mutable copy: settings, metadata change at run time
  std::map<std::string, AccessTokenRecord> access_tokens;
  // Callback URLs registered through /__sim/callback_urls, by client id;
  // kept across /__sim/reset like the clock offset, so a harness registers
  // its callback once.
  std::map<std::string, std::vector<std::string>> registered_callbacks;
  std::map<std::string, RefreshTokenRecord> refresh_tokens;
  std::map<std::string, AuthCodeRecord> auth_codes;
  std::map<std::string, PendingAuthorization> pending;
  std::vector<FaultRule> faults;
  CallCounters calls;
  std::deque<int64_t> api_call_times;  // rolling 24 h window, simulator clock
  int64_t clock_offset_ms = 0;
  uint64_t refresh_sequence = 0;

  int64_t now_ms() const;

  // The app with this client id (the connector's app or another), or null.
  ConnectedApp* app_by_client_id(const std::string& client_id);
  const ConnectedApp* app_by_client_id(const std::string& client_id) const;
  // Adds a callback URL to an app (no-op when present); false for an
  // unknown client id.
  bool register_callback(const std::string& client_id, const std::string& url);
  bool unregister_callback(const std::string& client_id, const std::string& url);
  // Rebuilds the user, profile and permission set indexes after def's
  // users, profiles or permission sets changed.
  void rebuild_indexes();
  // The sequence number of the user's first PermissionSetAssignment (its
  // profile's set, then its assigned sets), so that one user's assignments
  // get the same ids without building everyone's.
  int first_assignment_sequence(const UserDef& user) const;

  const UserDef* user_by_username(const std::string& username) const;  // case-insensitive
  const UserDef* user_by_id(const std::string& id) const;
  const PermissionSetDef* permission_set(const std::string& id) const;
  const ProfileDef* profile(const std::string& id) const;
  const ObjectDef* object(const std::string& name_ci) const;
  // Effective permissions: profile permission set OR every assigned set.
  std::set<std::string> effective_permissions(const UserDef& user) const;
  bool has_permission(const UserDef& user, const std::string& permission) const;

  // ---- tokens (token_store.cpp) ----
  // Validates an access token, applying the inactivity timeout; on success
  // extends the session and returns the user.
  const UserDef* use_access_token(const std::string& token);
  std::string issue_access_token(const std::string& user_id, const std::string& client_id, const std::string& scope,
                                 const std::string& refresh_token);
  // Issues a refresh token, revoking the user's oldest ones beyond the limit.
  std::string issue_refresh_token(const std::string& user_id, const std::string& client_id, const std::string& scope);
  // Returns the refresh token record when it is usable under the app's
  // refresh-token policy; marks idle-expired tokens revoked.
  RefreshTokenRecord* usable_refresh_token(const std::string& token);
  void revoke_refresh_token(const std::string& token);
  // Rotation: the used refresh token dies, the sessions it issued live on.
  void retire_refresh_token(const std::string& token);
  void expire_all_sessions();
  void revoke_refresh_tokens_of(const std::string& user_id);  // "" = everyone
  int64_t active_access_tokens() const;
  int64_t active_refresh_tokens() const;
  std::map<std::string, int64_t> active_refresh_tokens_by_username() const;

  // ---- API usage ----
  int64_t api_used() const;  // calls within the last 24 h
  void prune_api_window();
  void record_api_call();
  std::string limit_info_header() const;  // "api-usage=N/MAX"

  std::string base_url;  // e.g. http://127.0.0.1:PORT, set by the server
  std::string identity_url(const UserDef& user) const;

 private:
  // Indexes into def (positions, so copies of Org stay valid); built by
  // rebuild_indexes(). Every per-request lookup goes through them, so an
  // org of 10,000 users answers as fast as one of 10.
  std::map<std::string, std::size_t> users_by_id_;        // 18- and 15-character ids
  std::map<std::string, std::size_t> users_by_username_;  // lower case
  std::map<std::string, std::size_t> permission_sets_by_id_;
  std::map<std::string, std::size_t> profiles_by_id_;
  std::vector<int> first_assignment_;  // per user position in def.users
  // Live refresh tokens per (user id, client id) in issue order, so issuing
  // one never scans every token.
  std::map<std::pair<std::string, std::string>, std::map<uint64_t, std::string>> live_refresh_;
  // Access tokens issued from each refresh token, so revoking one never
  // scans every session.
  std::map<std::string, std::vector<std::string>> access_by_refresh_;
  int64_t active_refresh_count_ = 0;
};

// Permission names the simulator models, in Setup order.
const std::vector<std::string>& known_permissions();

}  // namespace sfsim
