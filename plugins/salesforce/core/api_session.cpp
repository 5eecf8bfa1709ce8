#include "api_session.h"

#include "console_plugin/console_plugin.hpp"
#include "salesforce_errors.h"
#include "token_refresh.h"

namespace salesforce {
namespace {

constexpr const char* kMetadataNamespace = "http://soap.sforce.com/2006/04/metadata";

std::string soap_envelope(const std::string& session_id, const std::string& operation_xml) {
  return std::string(
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
             "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
             "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
             "<soapenv:Header xmlns=\"") +
         kMetadataNamespace + "\"><SessionHeader><sessionId>" + xml_escape(session_id) +
         "</sessionId></SessionHeader></soapenv:Header><soapenv:Body xmlns=\"" + kMetadataNamespace + "\">" +
         operation_xml + "</soapenv:Body></soapenv:Envelope>";
}

bool is_invalid_session(const HttpResponse& res, bool soap) {
  if (soap ? res.status != 500 : res.status != 401) return false;
  const auto e = find_salesforce_error(res.body);
  return e && e->code == "INVALID_SESSION_ID";
}

rapidjson::Document parse_json_body(const HttpResponse& res) {
  rapidjson::Document d;
  if (res.body.empty()) {
    d.SetObject();
    return d;
  }
  if (!console::json::try_parse(d, res.body)) {
    throw console::Error(CONSOLE_ERR_REMOTE_ERROR, "Salesforce sent a response that is not valid JSON.", "", true);
  }
  return d;
}

}  // namespace

std::string ApiSession::data_path(const std::string& rest_path) const {
  return "/services/data/v" + state_.api_version + rest_path;
}

void ApiSession::refresh() {
  try {
    const TokenSet t = refresh_tokens(http_, config_, state_.login_url, state_.refresh_token);
    state_.access_token = t.access_token;
    state_.refresh_token = t.refresh_token;
    if (!t.instance_url.empty()) state_.instance_url = t.instance_url;
    state_.connector_status = ConnectorStatus::kConnected;
    tokens_renewed_ = true;
  } catch (const console::Error& e) {
    if (e.code() == CONSOLE_ERR_AUTH_REQUIRED) state_.connector_status = ConnectorStatus::kReauthorizationNeeded;
    throw;
  }
}

HttpResponse ApiSession::send_with_refresh(HttpRequest request, bool soap) {
  const std::string operation = request.body;
  const std::vector<std::string> headers = request.headers;
  HttpResponse res;
  for (int attempt = 0; attempt < 2; ++attempt) {
    request.headers = headers;
    if (soap) {
      request.body = soap_envelope(state_.access_token, operation);
    } else {
      request.headers.push_back("Authorization: Bearer " + state_.access_token);
    }
    res = http_.send(request);
    if (!is_invalid_session(res, soap) || attempt == 1) return res;
    refresh();
  }
  return res;
}

rapidjson::Document ApiSession::rest_get(const std::string& path) {
  HttpRequest req;
  req.url = path.rfind("http", 0) == 0 ? path : state_.instance_url + path;
  req.headers = {"Accept: application/json"};
  const HttpResponse res = send_with_refresh(req, false);
  if (res.status >= 400) {
    if (auto e = find_salesforce_error(res.body)) throw api_failure(res.status, *e);
    throw http_failure(res.status, "a REST request");
  }
  return parse_json_body(res);
}

rapidjson::Document ApiSession::rest_post(const std::string& path, const std::string& json_body) {
  HttpRequest req;
  req.method = "POST";
  req.url = path.rfind("http", 0) == 0 ? path : state_.instance_url + path;
  req.headers = {"Accept: application/json", "Content-Type: application/json"};
  req.body = json_body;
  const HttpResponse res = send_with_refresh(req, false);
  if (res.status >= 400) {
    if (auto e = find_salesforce_error(res.body)) throw api_failure(res.status, *e);
    throw http_failure(res.status, "a REST request");
  }
  return parse_json_body(res);
}

XmlTree ApiSession::metadata_call(const std::string& operation_xml) {
  HttpRequest req;
  req.method = "POST";
  req.url = state_.instance_url + "/services/Soap/m/" + state_.api_version;
  req.headers = {"Content-Type: text/xml; charset=UTF-8", "SOAPAction: \"\""};
  req.body = operation_xml;
  const HttpResponse res = send_with_refresh(req, true);
  if (res.status != 200) {
    if (auto e = find_salesforce_error(res.body)) throw api_failure(res.status, *e);
    throw http_failure(res.status, "a Metadata API request");
  }
  XmlTree doc = parse_xml(res.body);
  // doc is this function's own: the payload may be taken out of it.
  auto* payload = const_cast<XmlTree*>(soap_body_payload(doc, nullptr));
  if (!payload) {
    throw console::Error(CONSOLE_ERR_REMOTE_ERROR, "Salesforce sent a Metadata API response without a SOAP body.", "",
                         true);
  }
  XmlTree out;
  out.swap(*payload);  // a ptree cannot be moved; swapping copies nothing, where `return *payload` copied it all
  return out;
}

}  // namespace salesforce
