#include "salesforce_errors.h"

#include <cctype>

#include "xml_tree.h"

namespace salesforce {
namespace {

std::string strip_code_prefix(const std::string& faultcode) {
  const auto colon = faultcode.find(':');
  return colon == std::string::npos ? faultcode : faultcode.substr(colon + 1);
}

bool contains(const std::string& haystack, const char* needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

const char* const kReauthorizationNeededMessage =
    "Salesforce no longer accepts this connector's refresh token (it was revoked, was unused for longer than the "
    "Connected App's refresh token policy allows, or was replaced by newer ones). Re-authorize the connector: run "
    "the wizard again and choose Skip to only renew the authorization.";

std::optional<SalesforceError> find_salesforce_error(const std::string& body) {
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  if (body[first] == '[' || body[first] == '{') {
    rapidjson::Document d;
    if (!console::json::try_parse(d, body)) return std::nullopt;
    const rapidjson::Value* e = nullptr;
    if (d.IsArray() && !d.Empty() && d[0].IsObject()) e = &d[0];
    if (d.IsObject() && d.HasMember("errorCode")) e = &d;
    if (!e) return std::nullopt;
    SalesforceError out{console::json::get_string(*e, "errorCode"), console::json::get_string(*e, "message")};
    if (out.code.empty()) return std::nullopt;
    return out;
  }
  if (body[first] != '<') return std::nullopt;
  try {
    const XmlTree doc = parse_xml(body);
    std::string name;
    const XmlTree* payload = soap_body_payload(doc, &name);
    if (!payload || name != "Fault") return std::nullopt;
    SalesforceError out{strip_code_prefix(payload->get<std::string>("faultcode", "")),
                        payload->get<std::string>("faultstring", "")};
    if (out.code.empty()) return std::nullopt;
    // faultstring repeats the code: "INVALID_SESSION_ID: Invalid Session ID ..."
    if (out.message.rfind(out.code + ": ", 0) == 0) out.message = out.message.substr(out.code.size() + 2);
    return out;
  } catch (const console::Error&) {
    return std::nullopt;
  }
}

std::optional<OAuthError> parse_oauth_error(const std::string& body) {
  rapidjson::Document d;
  if (!console::json::try_parse(d, body) || !d.IsObject()) return std::nullopt;
  OAuthError e{console::json::get_string(d, "error"), console::json::get_string(d, "error_description")};
  if (e.error.empty()) return std::nullopt;
  return e;
}

console::Error api_failure(long http_status, const SalesforceError& remote) {
  // Remote text goes into messages a person reads: cut it, and say so.
  const SalesforceError error{console::bounds::truncate_for_display(remote.code, kMaxRemoteCodeBytes),
                              console::bounds::truncate_for_display(remote.message, kMaxRemoteTextBytes)};
  const std::string& c = error.code;
  // Hosts and callers can tell causes apart without parsing the message.
  std::string safe_code;
  for (char ch : c) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_') safe_code += ch;
  }
  const std::string detail = "{\"salesforce_code\":\"" + safe_code + "\"}";
  const auto make = [&](const char* code, const std::string& message, bool retryable = false) {
    return console::Error(code, message, "", retryable, detail);
  };
  if (c == "REQUEST_LIMIT_EXCEEDED") {
    return make(CONSOLE_ERR_RATE_LIMITED,
                "The Salesforce org has reached its API request limit (" + error.message +
                    "). Nothing more was sent; try again when the org's usage has dropped (Setup > "
                    "System Overview shows it), or ask Salesforce to raise the limit.");
  }
  if (c == "API_DISABLED_FOR_ORG") {
    return make(CONSOLE_ERR_PERMISSION_MISSING,
                "The API is not enabled for this Salesforce organization (API_DISABLED_FOR_ORG). Smart "
                "Flows needs an edition with API access (Enterprise, Unlimited, Performance or Developer "
                "Edition, or Professional Edition with the API add-on); ask Salesforce to enable it.");
  }
  if (c == "API_CURRENTLY_DISABLED") {
    return make(CONSOLE_ERR_PERMISSION_MISSING,
                "API access is disabled for the connector user (API_CURRENTLY_DISABLED). Grant the user "
                "the \"API Enabled\" permission (Setup > Users > Permission Sets > System Permissions) and "
                "authorize again.");
  }
  if (c == "INSUFFICIENT_ACCESS" || c == "INSUFFICIENT_ACCESS_OR_READONLY") {
    return make(CONSOLE_ERR_PERMISSION_MISSING,
                "Salesforce refused the change because the connector user lacks access (" + c + ": " + error.message +
                    "). The connector user needs \"Modify All Data\" and \"Modify Metadata Through "
                    "Metadata API Functions\"; grant them and run the wizard again.");
  }
  if (c == "INVALID_SESSION_ID") {
    return make(CONSOLE_ERR_AUTH_REQUIRED,
                "Salesforce rejected the connector's session even after renewing it (INVALID_SESSION_ID). "
                "If the org locks sessions to the IP address they were created from, allow this "
                "machine's address or re-authorize the connector from here.");
  }
  // SOAP reports every fault as HTTP 500, so only gateway errors and
  // Salesforce's own "unknown exception" count as passing trouble.
  const bool server_side = http_status >= 502 || c == "UNKNOWN_EXCEPTION";
  return make(CONSOLE_ERR_REMOTE_ERROR, "Salesforce refused the request: " + c + ": " + error.message, server_side);
}

console::Error http_failure(long http_status, const std::string& what) {
  return console::Error(CONSOLE_ERR_REMOTE_ERROR,
                        "Salesforce answered " + what + " with HTTP " + std::to_string(http_status) + ".", "",
                        http_status >= 500);
}

console::Error oauth_failure(const OAuthError& e, OAuthPhase phase, const std::string& field) {
  const std::string err = console::bounds::truncate_for_display(e.error, kMaxRemoteCodeBytes);
  const std::string desc = console::bounds::truncate_for_display(e.description, kMaxRemoteTextBytes);
  const std::string again = phase == OAuthPhase::kRefresh ? std::string(" Re-authorize the connector.")
                                                          : std::string(" Press Authorize Smart Flows to try again.");
  if (err == "access_denied") {
    return console::Error(CONSOLE_ERR_AUTH_DENIED,
                          "Salesforce did not authorize Smart Flows: Deny was chosen on the Allow Access page. "
                          "Press Authorize Smart Flows and choose Allow.",
                          field);
  }
  if (err == "invalid_client" && contains(desc, "must be installed")) {
    return console::Error(CONSOLE_ERR_AUTH_DENIED,
                          "This org blocks the Smart Flows Connected App because it is not installed in the org "
                          "(app must be installed into org). A Salesforce admin can install it (Setup > Connected "
                          "Apps OAuth Usage > Install), or give the connector user the \"Approve Uninstalled "
                          "Connected Apps\" permission; then authorize again.",
                          field);
  }
  if (err == "invalid_client_id" || (err == "invalid_client" && contains(desc, "identifier"))) {
    return console::Error(CONSOLE_ERR_AUTH_DENIED,
                          "Salesforce does not know the Smart Flows Connected App (" + err + ": " + desc +
                              "). Check the client_id in the console's Salesforce configuration.",
                          field);
  }
  if (err == "invalid_client") {
    return console::Error(CONSOLE_ERR_AUTH_DENIED,
                          "Salesforce refused the Smart Flows Connected App's credentials (" + err + ": " + desc +
                              "). Check the client_id and client_secret in the console's Salesforce configuration.",
                          field);
  }
  if (err == "redirect_uri_mismatch") {
    return console::Error(CONSOLE_ERR_AUTH_DENIED,
                          "Salesforce refused the callback URL (redirect_uri_mismatch): add the console's callback "
                          "URL to the Connected App's Callback URL list.",
                          field);
  }
  if (err == "invalid_grant" && contains(desc, "ip restricted")) {
    return console::Error(CONSOLE_ERR_AUTH_DENIED,
                          "Salesforce refused the login from this machine's IP address (invalid_grant: ip "
                          "restricted). Add the address to the connector user's profile Login IP Ranges, or set the "
                          "Connected App's IP Relaxation to \"Relax IP restrictions\"." +
                              again,
                          field);
  }
  if (err == "invalid_grant" && phase == OAuthPhase::kRefresh) {
    return console::Error(CONSOLE_ERR_AUTH_REQUIRED, kReauthorizationNeededMessage, field);
  }
  if (err == "invalid_grant") {
    return console::Error(CONSOLE_ERR_AUTH_DENIED,
                          "Salesforce refused the authorization code (invalid_grant: " + desc +
                              "); it was already used or has expired." + again,
                          field);
  }
  if (err == "inactive_user" || err == "inactive_org") {
    return console::Error(
        CONSOLE_ERR_AUTH_DENIED,
        "Salesforce refused the login (" + err + ": " + desc + "): the connector user or the org is not active.",
        field);
  }
  if (err == "rate_limit_exceeded") {
    return console::Error(CONSOLE_ERR_RATE_LIMITED,
                          "Salesforce refused the login because of too many login attempts (rate_limit_exceeded). "
                          "Wait a while, then authorize again.",
                          field);
  }
  return console::Error(
      phase == OAuthPhase::kRefresh ? CONSOLE_ERR_AUTH_REQUIRED : CONSOLE_ERR_AUTH_DENIED,
      "Salesforce refused the authorization (" + err + (desc.empty() ? "" : ": " + desc) + ")." + again, field);
}

}  // namespace salesforce
