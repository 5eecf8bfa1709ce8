#include "org_generator.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "org_loader.h"

namespace sfsim {

std::string generate_org_json(const OrgGeneratorOptions& options) {
  rapidjson::Document org;
  org.Parse(builtin_org_json());
  auto& a = org.GetAllocator();
  const auto str = [&](const std::string& s) {
    return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
  };

  rapidjson::Value& users = org["users"];
  for (int i = 1; i <= options.users; ++i) {
    const std::string name = "load" + std::to_string(i) + "@simorg.example";
    rapidjson::Value u(rapidjson::kObjectType);
    u.AddMember("username", str(name), a);
    u.AddMember("first_name", str("Load"), a);
    u.AddMember("last_name", str("User " + std::to_string(i)), a);
    u.AddMember("profile", str(options.minimal ? "Minimum Access - Salesforce" : "System Administrator"), a);
    rapidjson::Value sets(rapidjson::kArrayType);
    if (options.minimal) sets.PushBack(str("SmartFlows_Minimal"), a);
    u.AddMember("permission_sets", sets, a);
    u.AddMember("password", str("sim-password"), a);
    u.AddMember("email", str(name), a);
    users.PushBack(u, a);
  }

  if (!org.HasMember("other_apps")) org.AddMember("other_apps", rapidjson::Value(rapidjson::kArrayType), a);
  rapidjson::Value& apps = org["other_apps"];
  for (int i = 1; i <= options.apps; ++i) {
    rapidjson::Value app(rapidjson::kObjectType);
    app.AddMember("name", str("Load App " + std::to_string(i)), a);
    app.AddMember("client_id", str("3MVG9SIMULATOR0LoadApp" + std::to_string(i)), a);
    app.AddMember("client_secret", str("sim-load-secret-" + std::to_string(i)), a);
    rapidjson::Value callbacks(rapidjson::kArrayType);
    callbacks.PushBack(str("http://localhost:1717/OauthRedirect"), a);
    app.AddMember("callback_urls", callbacks, a);
    rapidjson::Value scopes(rapidjson::kArrayType);
    for (const char* s : {"api", "refresh_token", "offline_access", "id"}) scopes.PushBack(rapidjson::StringRef(s), a);
    app.AddMember("scopes", scopes, a);
    apps.PushBack(app, a);
  }

  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  org.Accept(w);
  return buf.GetString();
}

}  // namespace sfsim
