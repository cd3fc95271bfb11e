// Socket and make_address: RAII around a descriptor, inet_pton into sockaddr_in/sockaddr_in6.
#include "lab_sockets.hpp"

#include <arpa/inet.h>
#include <unistd.h>

namespace ctsh::kerneltest {

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.release();
  }
  return *this;
}

Socket::~Socket() {
  if (fd_ >= 0) close(fd_);
}

int Socket::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

SocketAddress make_address(const std::string& literal, int port) {
  SocketAddress address;
  if (literal.find(':') == std::string::npos) {
    auto& v4 = reinterpret_cast<sockaddr_in&>(address.storage);
    v4.sin_family = AF_INET;
    v4.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, literal.c_str(), &v4.sin_addr);
    address.length = sizeof v4;
  } else {
    auto& v6 = reinterpret_cast<sockaddr_in6&>(address.storage);
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET6, literal.c_str(), &v6.sin6_addr);
    address.length = sizeof v6;
  }
  return address;
}

void set_io_limit(const Socket& socket, std::chrono::milliseconds limit) {
  timeval value{};
  value.tv_sec = static_cast<time_t>(limit.count() / 1000);
  value.tv_usec = static_cast<suseconds_t>((limit.count() % 1000) * 1000);
  setsockopt(socket.get(), SOL_SOCKET, SO_RCVTIMEO, &value, sizeof value);
  setsockopt(socket.get(), SOL_SOCKET, SO_SNDTIMEO, &value, sizeof value);
}

}  // namespace ctsh::kerneltest
