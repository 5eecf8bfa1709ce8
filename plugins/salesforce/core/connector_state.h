// The connector's persisted state and its public summary
// (docs/wizard-protocol.md, section 4).
//
// `state` is opaque to the host and is the ONLY place tokens live; `summary`
// is shown to people and never holds a secret.
//
//   ConnectorState s = ConnectorState::from_json(state_json);
//   s.access_token = renewed;  // then hand s.to_json() back to the host
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vocabulary.h"

namespace salesforce {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

struct ConnectorState {
  // Where and how.
  std::optional<Environment> environment;  // "" in the document when not chosen yet
  std::string custom_domain;               // normalised, custom only
  std::string login_url;                   // https://login.salesforce.com, ...
  std::optional<ButtonAction> buttons;     // "" in the document when not chosen yet
  std::string object;                      // the object that gets the button (install)
  // Who (from the token response and the permission check).
  std::string instance_url;
  std::string id_url;
  std::string org_id;
  std::string user_id;
  std::string username;
  std::string org_name;
  std::string api_version;  // e.g. "62.0"
  // Secrets.
  std::string access_token;
  std::string refresh_token;
  // What is in the org.
  std::string installed_object;                // "" when nothing is installed
  std::vector<std::string> installed_layouts;  // Layout fullNames holding the button
  std::string button_fingerprint;              // SHA-256 of the WebLink definition last written
  ConnectorStatus connector_status = ConnectorStatus::kConnected;
  // The console project the connector belongs to; written into the buttons
  // it installs, so other projects on the org leave them alone.
  std::string project;
  // Every object where this connector's Smart Flows button exists, and the
  // layouts that hold it there. More than one entry only after a move that
  // did not finish.
  std::map<std::string, std::vector<std::string>> placements;
  // The answer to the last change was lost: it may or may not have been
  // applied. The next run lists the org and reconciles.
  bool uncertain = false;

  // Throws console::Error(invalid_input) for a malformed document (an
  // environment or buttons value outside its set included).
  static ConnectorState from_json(const std::string& json);
  std::string to_json() const;
  void write_json(JsonWriter& w) const;
  // The public summary: no secrets.
  void write_summary(JsonWriter& w) const;
  std::string summary_json() const;
};

// "Account.Smart_Flows on 2 page layouts" lines for the summary (one per
// placement), and a line saying so when the last outcome is unknown.
std::vector<std::string> installed_lines(const ConnectorState& s);

}  // namespace salesforce
