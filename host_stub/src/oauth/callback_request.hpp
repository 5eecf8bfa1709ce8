// callback_request.hpp -- what a request to the OAuth callback listener is.
//
// The listener answers each request by its target (path and query, as the
// browser sent it): the redirect it waits for, a redirect carrying another
// wizard's `state` (a stale tab, or a forged link), or anything else.
// Parsing goes through libcurl's URL API, never hand-written code.
//
//   classify_callback_target("/OauthRedirect?code=a&state=s1", "/OauthRedirect", "s1")
//       == CallbackTarget::kRedirect
#ifndef CONSOLE_HOST_OAUTH_CALLBACK_REQUEST_HPP
#define CONSOLE_HOST_OAUTH_CALLBACK_REQUEST_HPP

#include <optional>
#include <string>

namespace console_host {

enum class CallbackTarget {
  kRedirect,    // the callback path, and the state matches (or none is expected)
  kWrongState,  // the callback path with a missing or different state
  kNotFound,    // any other path (favicon.ico, ...)
};

// Classifies a request target. `expected_state` empty: any state matches.
CallbackTarget classify_callback_target(const std::string& target, const std::string& callback_path,
                                        const std::string& expected_state);

// The decoded value of query parameter `name` in `url` (an absolute URL or
// a request target starting with '/'); nullopt when absent or unparsable.
std::optional<std::string> query_parameter(const std::string& url, const std::string& name);

}  // namespace console_host

#endif  // CONSOLE_HOST_OAUTH_CALLBACK_REQUEST_HPP
