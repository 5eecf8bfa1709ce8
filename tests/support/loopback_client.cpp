#include "loopback_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdint>
#include <utility>

namespace test_support {

void send_and_close(int port, std::string_view bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  const timeval timeout{0, 50 * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0)
    (void)!::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  ::close(fd);
}

ClientsConnecting::ClientsConnecting(int port, std::string bytes, int threads) : bytes_(std::move(bytes)) {
  for (int i = 0; i < threads; ++i)
    threads_.emplace_back([this, port] {
      while (going_.load()) send_and_close(port, bytes_);
    });
}

ClientsConnecting::~ClientsConnecting() {
  going_ = false;
  for (auto& t : threads_) t.join();
}

}  // namespace test_support
