// serve_config.hpp -- the [serve] section of the host configuration and the
// --listen / --public-url flags, checked together.
//
//   [serve]
//   listen = 127.0.0.1:8080        ; --listen wins
//   public_url = http://127.0.0.1:8080   ; the console's address as browsers reach it;
//                                  ; the OAuth callback is <public_url>/oauth/callback
//   threads = 8                    ; request threads
//   session_idle_minutes = 60      ; a browser session unused this long is forgotten
//   wizard_idle_seconds = 900      ; an abandoned wizard run is closed after this
//   keepalive_idle_days = 7        ; refresh connectors idle longer (0 = never)
//   keepalive_check_seconds = 3600 ; how often to look for them
//   tls_cert, tls_key               ; PEM files: serve HTTPS (on any address)
//   admin_user, admin_password      ; every request must log in with them (HTTP Basic)
//
// A non-loopback listen address is refused unless TLS and an admin
// credential are configured: the console holds every project's connectors.
#ifndef CONSOLE_HOST_SERVE_SERVE_CONFIG_HPP
#define CONSOLE_HOST_SERVE_SERVE_CONFIG_HPP

#include <string>

#include "host_config.hpp"

namespace console_host {

struct ServeConfig {
  std::string address = "127.0.0.1";
  int port = 8080;
  std::string public_url;             // no trailing slash
  bool public_url_defaulted = false;  // from the listen address (its port is fixed once bound)
  int threads = 8;
  int session_idle_minutes = 60;
  int wizard_idle_seconds = 900;
  int sweep_seconds = 30;
  double keepalive_idle_days = 7;
  int keepalive_check_seconds = 3600;
  std::string tls_cert;
  std::string tls_key;
  std::string admin_user;
  std::string admin_password;

  std::string redirect_uri() const { return public_url + "/oauth/callback"; }
  bool tls() const { return !tls_cert.empty() && !tls_key.empty(); }
  // Every request must carry the admin credential (HTTP Basic) when one is configured.
  bool requires_login() const { return !admin_password.empty(); }
  bool secure() const { return public_url.rfind("https://", 0) == 0; }
};

// Throws HostError(kUsage) for a malformed --listen, and for a non-loopback
// address without tls_cert, tls_key and admin_password.
ServeConfig load_serve_config(const HostConfig& host, const std::string& listen_flag,
                              const std::string& public_url_flag);

bool is_loopback_address(const std::string& address);

// http(s)://ADDRESS:PORT ([ADDRESS] for IPv6).
std::string default_public_url(const std::string& address, int port, bool tls);

}  // namespace console_host

#endif  // CONSOLE_HOST_SERVE_SERVE_CONFIG_HPP
