// Small socket helpers for the lab traffic: an owning descriptor and address construction.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <string>

namespace ctsh::kerneltest {

class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  Socket(Socket&& other) noexcept : fd_(other.release()) {}
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();

 private:
  int fd_ = -1;
};

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family() const { return storage.ss_family; }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

// An IPv4 or IPv6 literal with a port; the family follows the literal.
SocketAddress make_address(const std::string& literal, int port);

// Limits blocking receives and sends on `socket` to `limit`.
void set_io_limit(const Socket& socket, std::chrono::milliseconds limit);

}  // namespace ctsh::kerneltest
