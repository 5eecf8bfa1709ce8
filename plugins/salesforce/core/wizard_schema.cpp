#include "wizard_schema.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "plugin_config.h"

namespace salesforce {
namespace {

// Written as one literal so the document the host sees is the document a
// reader sees here; it is sent compact.
constexpr const char* kSchema = R"JSON({
  "schema_version": 1,
  "type_id": "salesforce",
  "display_name": "Salesforce",
  "icon": "salesforce",
  "singleton_per_project": true,
  "steps": [
    {
      "id": "environment",
      "title": "Environment",
      "help": "Where the connector user logs in to Salesforce, and what Smart Flows does with its buttons there.",
      "fields": [
        {
          "id": "environment", "label": "Environment", "kind": "select", "required": true, "default": "production",
          "help": "The Salesforce login host of the connector user.",
          "options": [
            {"value": "custom", "label": "Custom Domain", "help": "Typically used for internal users: your org's My Domain, e.g. acme.my.salesforce.com."},
            {"value": "production", "label": "Production (login.salesforce.com)", "help": "Used when you are ready to deploy your environment to clients and customers."},
            {"value": "test", "label": "Test (test.salesforce.com)", "help": "Used to test the effectiveness of your deployment before production (sandboxes)."}
          ]
        },
        {
          "id": "custom_domain", "label": "Custom domain", "kind": "text", "required": true,
          "visible_when": {"environment": ["custom"]},
          "validation": {"max_length": 255, "pattern": "^[A-Za-z0-9.:/_-]+$"},
          "help": "Your My Domain: a name (acme), a host (acme.my.salesforce.com, acme--uat.sandbox.my.salesforce.com) or its https:// URL."
        },
        {
          "id": "buttons", "label": "Smart Flows buttons in Salesforce", "kind": "radio", "required": true, "default": "install",
          "help": "What to do with the Smart Flows button in the org.",
          "options": [
            {"value": "install", "label": "Install/Update", "help": "Add the Smart Flows button to the chosen object's page layouts, or bring it up to date."},
            {"value": "uninstall", "label": "Uninstall", "help": "Remove the Smart Flows button from every page layout and delete it."},
            {"value": "skip", "label": "Skip", "help": "Change nothing in Salesforce; only refresh the Salesforce token (e.g. after 14 days without use)."}
          ]
        },
        {
          "id": "object", "label": "Object", "kind": "text", "required": true, "default": "Account",
          "visible_when": {"buttons": ["install"]},
          "validation": {"max_length": 80, "pattern": "^[A-Za-z][A-Za-z0-9_]*$"},
          "help": "The API name of the one object whose record pages get the Smart Flows button, e.g. Account or Invoice__c."
        }
      ]
    },
    {
      "id": "authorize",
      "title": "Authorize Smart Flows",
      "help": "Sign in to Salesforce as the connector user and choose Allow.",
      "fields": [
        {"id": "authorize", "label": "Authorize Smart Flows", "kind": "action",
         "help": "Opens the Salesforce login page; Salesforce sends you back here when you choose Allow."},
        {"id": "status", "label": "Authorization", "kind": "status"}
      ]
    },
    {
      "id": "connected",
      "title": "Connected",
      "help": "The connector user's permissions were checked; the chosen button action runs when you finish.",
      "fields": [
        {"id": "status", "label": "Connection", "kind": "status"}
      ]
    }
  ]
})JSON";

}  // namespace

std::string wizard_schema_json() {
  static const std::string compact = [] {
    rapidjson::Document d;
    d.Parse(kSchema);
    // The configuration keys the plugin reads, from the one list of them.
    rapidjson::Value keys(rapidjson::kArrayType);
    for (const auto& k : plugin_config_keys())
      keys.PushBack(rapidjson::Value(k.c_str(), d.GetAllocator()), d.GetAllocator());
    d.AddMember("config_keys", keys, d.GetAllocator());
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    d.Accept(w);
    return std::string(buf.GetString());
  }();
  return compact;
}

}  // namespace salesforce
