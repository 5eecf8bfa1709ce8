#include "oauth/pasted_redirect.hpp"

#include <poll.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace console_host {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::string pasted_redirect_target(const std::string& line, const std::string& callback_path) {
  std::string s = line;
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\''; };
  while (!s.empty() && blank(s.front())) s.erase(0, 1);
  while (!s.empty() && blank(s.back())) s.pop_back();
  auto scheme = s.find("://");
  if (scheme == std::string::npos || (s.rfind("http://", 0) != 0 && s.rfind("https://", 0) != 0)) return "";
  auto slash = s.find('/', scheme + 3);
  if (slash == std::string::npos) return "";
  std::string target = s.substr(slash);
  std::string path = target.substr(0, target.find_first_of("?#"));
  if (path != callback_path || target.find('?') == std::string::npos) return "";
  if (target.find_first_of(" \t") != std::string::npos) return "";
  return target.substr(0, target.find('#'));
}

PastedRedirect::PastedRedirect(const CallbackListener& listener, std::ostream& out, int fd)
    : port_(listener.port()), out_(out), fd_(fd) {
  std::string uri = listener.redirect_uri();
  auto scheme = uri.find("://");
  auto slash = scheme == std::string::npos ? std::string::npos : uri.find('/', scheme + 3);
  callback_path_ = slash == std::string::npos ? CallbackListener::kCallbackPath : uri.substr(slash);
  thread_ = std::thread([this] { run(); });
}

PastedRedirect::~PastedRedirect() {
  stop_ = true;
  thread_.join();
}

void PastedRedirect::run() {
  std::string line;
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    int n = ::poll(&p, 1, 100);
    if (n <= 0) continue;
    char c;
    ssize_t got = ::read(fd_, &c, 1);
    if (got <= 0) return;  // end of input: only the browser can finish now
    if (c != '\n') {
      line += c;
      continue;
    }
    std::string target = pasted_redirect_target(line, callback_path_);
    bool blank = line.find_first_not_of(" \t\r") == std::string::npos;
    line.clear();
    if (blank) continue;
    if (target.empty()) {
      out_ << "  That is not the address the sign-in ended on; paste the whole address (it starts with http and its "
              "path is "
           << callback_path_ << "):" << std::endl;
      continue;
    }
    // Deliver it to the listener as the browser would have.
    try {
      asio::io_context io;
      beast::tcp_stream stream(io);
      stream.expires_after(std::chrono::seconds(5));
      stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)));
      http::request<http::empty_body> req{http::verb::get, target, 11};
      req.set(http::field::host, "localhost:" + std::to_string(port_));
      http::write(stream, req);
      beast::flat_buffer buf;
      http::response<http::string_body> res;
      http::read(stream, buf, res);
      return;
    } catch (const std::exception& e) {
      out_ << "  The pasted address could not be handed over (" << e.what() << "); paste it again:" << std::endl;
    }
  }
}

}  // namespace console_host
