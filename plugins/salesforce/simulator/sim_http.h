// Transport-neutral request and response types for the simulator.
//
// The endpoint code never sees Boost.Beast: the server converts each parsed
// HTTP request into a SimRequest, calls Simulator::handle(), and writes the
// SimResponse back. Keeping Beast out of the endpoint files keeps rebuilds
// fast and lets tests drive the endpoints without a socket.
//
//   SimRequest req;
//   req.method = "GET";
//   req.set_target("/services/data/v62.0/limits");
//   req.headers["authorization"] = "Bearer " + token;
//   SimResponse res = simulator.handle(req);
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "wire_encoding.h"

namespace sfsim {

// Header names are stored lower-cased; HTTP header names are case-insensitive.
using HeaderMap = std::map<std::string, std::string>;

struct SimRequest {
  std::string method;  // upper-case, e.g. "GET"
  std::string target;  // path + optional "?query", exactly as received
  std::string path;    // percent-decoded path without the query
  std::string query;   // raw query string without '?'
  HeaderMap headers;
  std::string body;
  std::string remote_address;

  // Splits a request target into path (decoded) and query.
  void set_target(const std::string& raw_target);
  // Returns the header value or "" (name must be lower-case).
  std::string header(const std::string& lower_name) const;
  // Decoded query parameters (application/x-www-form-urlencoded rules).
  ParamMap query_params() const;
};

struct SimResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Fault injection: wait this long before answering, or close the
  // connection without answering at all.
  int delay_ms = 0;
  bool drop_connection = false;

  void set_header(const std::string& name, const std::string& value);
  std::string header(const std::string& name) const;  // case-insensitive
};

// Content types Salesforce uses on the wire.
inline constexpr const char* kJsonContentType = "application/json;charset=UTF-8";
inline constexpr const char* kXmlContentType = "text/xml;charset=UTF-8";
inline constexpr const char* kHtmlContentType = "text/html;charset=UTF-8";

SimResponse make_response(int status, const std::string& content_type, std::string body);
SimResponse json_response(int status, std::string json_body);
// Salesforce REST error body: [{"message":..,"errorCode":..}].
SimResponse rest_error(int status, const std::string& error_code, const std::string& message);
// OAuth token-endpoint error body: {"error":..,"error_description":..}.
SimResponse oauth_error(int status, const std::string& error, const std::string& description);
SimResponse redirect_response(const std::string& location);

}  // namespace sfsim
