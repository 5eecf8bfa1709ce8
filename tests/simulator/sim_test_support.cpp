#include "sim_test_support.h"

#include <stdexcept>

namespace sfsim_test {

HttpResult post_json(const std::string& url, const std::string& json) { return post(url, json, "application/json"); }

HttpResult post_form(const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields) {
  return post(url, form(fields), "application/x-www-form-urlencoded");
}

std::string query_param(const std::string& url, const std::string& name) {
  const auto q = url.find('?');
  if (q == std::string::npos) return {};
  std::string rest = url.substr(q + 1);
  size_t start = 0;
  while (start <= rest.size()) {
    const auto amp = rest.find('&', start);
    const std::string pair = rest.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      std::string raw = eq == std::string::npos ? "" : pair.substr(eq + 1), out;
      for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '+')
          out.push_back(' ');
        else if (raw[i] == '%' && i + 2 < raw.size()) {
          out.push_back(static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16)));
          i += 2;
        } else
          out.push_back(raw[i]);
      }
      return out;
    }
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return {};
}

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  if (d.HasParseError()) throw std::runtime_error("not JSON: " + text.substr(0, 300));
  return d;
}

std::string sfsim_binary() { return SFSIM_BINARY; }

SimProcess::SimProcess(const std::vector<std::string>& extra_args) : SimLauncher(sfsim_binary(), extra_args) {}

std::string password_token(const std::string& base, const std::string& username) {
  const HttpResult r = post_form(base + "/services/oauth2/token", {{"grant_type", "password"},
                                                                   {"client_id", kClientId},
                                                                   {"client_secret", kClientSecret},
                                                                   {"username", username},
                                                                   {"password", kPassword}});
  if (r.status != 200) throw std::runtime_error("password grant failed: " + r.body);
  return parse_json(r.body)["access_token"].GetString();
}

rapidjson::Document authorize_and_exchange(const std::string& base, const std::string& username,
                                           const std::string& scope) {
  const std::string verifier = "test-verifier-0123456789-0123456789-0123456789-abcdefghijk";
  // base64url(SHA-256(verifier)), computed independently of the simulator.
  const std::string challenge = "9AOqEunWkNpX08YV7svKUTypgMDGzSXhhRhrxnIjbV0";
  const std::string url = base + "/services/oauth2/authorize?" +
                          form({{"response_type", "code"},
                                {"client_id", kClientId},
                                {"redirect_uri", kCallback},
                                {"scope", scope},
                                {"state", "st-1"},
                                {"code_challenge", challenge}});
  const HttpResult a = post_json(base + "/__sim/browser/authorize",
                                 std::string("{\"authorize_url\":\"") + url + "\",\"username\":\"" + username +
                                     "\",\"password\":\"" + kPassword + "\",\"decision\":\"allow\"}");
  if (a.status != 200) throw std::runtime_error("browser authorize failed: " + a.body);
  const std::string redirect = parse_json(a.body)["redirect"].GetString();
  const HttpResult t = post_form(base + "/services/oauth2/token", {{"grant_type", "authorization_code"},
                                                                   {"code", query_param(redirect, "code")},
                                                                   {"client_id", kClientId},
                                                                   {"client_secret", kClientSecret},
                                                                   {"redirect_uri", kCallback},
                                                                   {"code_verifier", verifier}});
  if (t.status != 200) throw std::runtime_error("code exchange failed: " + t.body);
  return parse_json(t.body);
}

std::string bearer(const std::string& token) { return "Authorization: Bearer " + token; }

std::string soap_envelope(const std::string& session_id, const std::string& body_xml) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope "
         "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Header "
         "xmlns=\"http://soap.sforce.com/2006/04/metadata\"><SessionHeader><sessionId>" +
         session_id +
         "</sessionId></SessionHeader></soapenv:Header><soapenv:Body "
         "xmlns=\"http://soap.sforce.com/2006/04/metadata\">" +
         body_xml + "</soapenv:Body></soapenv:Envelope>";
}

HttpResult soap(const std::string& base, const std::string& session_id, const std::string& body_xml,
                const std::string& version) {
  return post(base + "/services/Soap/m/" + version, soap_envelope(session_id, body_xml), "text/xml",
              {"SOAPAction: \"\""});
}

}  // namespace sfsim_test
