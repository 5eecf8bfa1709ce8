#include "oauth_pages.h"

#include "sim_http.h"

namespace sfsim {

namespace {
std::string page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>" + html_escape(title) +
         "</title></head>\n<body>\n" + body + "\n</body></html>\n";
}
}  // namespace

std::string login_page_html(const std::string& pending_id, const std::string& login_hint, const std::string& error) {
  std::string body = "<h1>Login | Salesforce (simulated org)</h1>\n";
  if (!error.empty()) body += "<div id=\"error\" class=\"loginError\">" + html_escape(error) + "</div>\n";
  body +=
      "<form id=\"login_form\" name=\"login\" method=\"POST\" action=\"/services/oauth2/authorize\">\n"
      "<input type=\"hidden\" name=\"pending\" value=\"" +
      html_escape(pending_id) +
      "\">\n"
      "<label for=\"username\">Username</label>\n"
      "<input type=\"email\" id=\"username\" name=\"username\" value=\"" +
      html_escape(login_hint) +
      "\">\n"
      "<label for=\"password\">Password</label>\n"
      "<input type=\"password\" id=\"password\" name=\"pw\">\n"
      "<input type=\"submit\" id=\"Login\" name=\"Login\" value=\"Log In\">\n"
      "</form>";
  return page("Login | Salesforce", body);
}

std::string approval_page_html(const std::string& pending_id, const std::string& app_name, const std::string& username,
                               const std::string& scope) {
  std::string body = "<h1>Allow Access?</h1>\n<p><strong>" + html_escape(app_name) +
                     "</strong> is asking to access your Salesforce data as <strong>" + html_escape(username) +
                     "</strong>.</p>\n<p>Requested access: <span id=\"scope\">" + html_escape(scope) + "</span></p>\n" +
                     "<form id=\"oaapprove\" method=\"POST\" action=\"/services/oauth2/authorize\">\n"
                     "<input type=\"hidden\" name=\"pending\" value=\"" +
                     html_escape(pending_id) +
                     "\">\n"
                     "<button type=\"submit\" id=\"oaapprove_allow\" name=\"decision\" value=\"allow\">Allow</button>\n"
                     "<button type=\"submit\" id=\"oaapprove_deny\" name=\"decision\" value=\"deny\">Deny</button>\n"
                     "</form>";
  return page("Allow Access?", body);
}

std::string remote_access_error_html(const std::string& error, const std::string& description) {
  return page("Remote Access Error",
              "<h1>OAuth Error</h1>\n<p>We can't authorize you because of an OAuth error. For more information, "
              "contact your Salesforce administrator.</p>\n<p id=\"error\">" +
                  html_escape(error) + ": " + html_escape(description) + "</p>");
}

}  // namespace sfsim
