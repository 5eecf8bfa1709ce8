// Authenticated calls to one org: REST (JSON) and the Metadata API (SOAP).
//
// An expired session (REST 401 INVALID_SESSION_ID, SOAP fault
// INVALID_SESSION_ID) is renewed once with the refresh token and the call
// repeated; the renewed tokens are written into the ConnectorState the
// session was given, so the caller hands them to the host. A refused
// refresh marks the state "reauthorization_needed" and throws.
//
//   ApiSession api(http, config, state);
//   rapidjson::Document d = api.rest_post(api.data_path("/composite"), body);
//   XmlTree result = api.metadata_call("<readMetadata>...</readMetadata>");
#pragma once

#include <rapidjson/document.h>

#include <string>

#include "connector_state.h"
#include "http_client.h"
#include "plugin_config.h"
#include "xml_tree.h"

namespace salesforce {

class ApiSession {
 public:
  ApiSession(HttpClient& http, const PluginConfig& config, ConnectorState& state)
      : http_(http), config_(config), state_(state) {}

  // "/services/data/v62.0" + `rest_path`.
  std::string data_path(const std::string& rest_path) const;

  // GET/POST a REST resource (path relative to the instance, or absolute).
  // Returns the parsed JSON body; throws the mapped console::Error on
  // any Salesforce error.
  rapidjson::Document rest_get(const std::string& path);
  rapidjson::Document rest_post(const std::string& path, const std::string& json_body);

  // Sends one Metadata API operation (the element inside soapenv:Body) and
  // returns the response element (e.g. readMetadataResponse).
  XmlTree metadata_call(const std::string& operation_xml);

  // Renews the tokens now (one token request).
  void refresh();

  // True once a refresh renewed the tokens during this session.
  bool tokens_renewed() const { return tokens_renewed_; }
  ConnectorState& state() { return state_; }

 private:
  HttpResponse send_with_refresh(HttpRequest request, bool soap);
  HttpClient& http_;
  const PluginConfig& config_;
  ConnectorState& state_;
  bool tokens_renewed_ = false;
};

}  // namespace salesforce
