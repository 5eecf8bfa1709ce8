// The HTML pages of the authorize flow: login form, Allow/Deny form and
// the RemoteAccessErrorPage. Plain forms without JavaScript, so a script
// can fill them in as easily as a browser.
#pragma once

#include <string>

namespace sfsim {

std::string login_page_html(const std::string& pending_id, const std::string& login_hint, const std::string& error);
std::string approval_page_html(const std::string& pending_id, const std::string& app_name, const std::string& username,
                               const std::string& scope);
std::string remote_access_error_html(const std::string& error, const std::string& description);

}  // namespace sfsim
