// html.hpp -- the pieces every page of `serve` is made of: escaping, URL
// encoding of form and query values, the page shell (header, navigation,
// stylesheet and script from the binary), and the two static assets.
//
//   std::string body = "<p>" + html_escape(name) + "</p>";
//   std::string page = page_shell("Connectors", "Sales Ops", body);
#ifndef CONSOLE_HOST_SERVE_HTML_HPP
#define CONSOLE_HOST_SERVE_HTML_HPP

#include <map>
#include <string>

namespace console_host {

std::string html_escape(const std::string& s);
// Percent-encodes for a query value (RFC 3986 unreserved kept).
std::string url_encode(const std::string& s);
// Decodes application/x-www-form-urlencoded ('+' is a space).
std::string url_decode(const std::string& s);
// Parses "a=1&b=two" (a query string or a form body); later keys win.
std::map<std::string, std::string> parse_form(const std::string& text);

// A whole page: <title>, the console header, `project` in the navigation
// when not empty, and `body` inside <main>.
std::string page_shell(const std::string& title, const std::string& project, const std::string& body);

// A hidden input carrying the CSRF token; every form has one.
std::string csrf_input(const std::string& token);

// The bundled stylesheet and script (served at /static/console.css and /static/wizard.js).
const std::string& console_css();
const std::string& wizard_js();

}  // namespace console_host

#endif  // CONSOLE_HOST_SERVE_HTML_HPP
