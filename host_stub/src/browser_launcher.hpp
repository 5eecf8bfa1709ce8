// browser_launcher.hpp -- sends the admin's browser to a URL.
//
// Honours $BROWSER first (a command, or a colon-separated list of commands;
// "%s" in a command is replaced by the URL, otherwise the URL is appended
// as an argument). Else uses xdg-open when a display exists ($DISPLAY or
// $WAYLAND_DISPLAY). The browser runs detached; the host never waits for it.
// Callers always print the URL as well, so a headless admin can open it
// elsewhere.
//
//   if (!launch_browser(url)) std::cout << "Open this URL in a browser: " << url << "\n";
#ifndef CONSOLE_HOST_BROWSER_LAUNCHER_HPP
#define CONSOLE_HOST_BROWSER_LAUNCHER_HPP

#include <string>

namespace console_host {

// The command line that would be run for `url`, or "" when no browser is available.
std::string browser_command_for(const std::string& url);

// Starts the browser; false when none is available, its program does not
// exist, or it could not start.
bool launch_browser(const std::string& url);

}  // namespace console_host

#endif  // CONSOLE_HOST_BROWSER_LAUNCHER_HPP
