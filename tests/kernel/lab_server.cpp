// LabServer: one poll loop over the listening sockets, the UDP sockets and the accepted connections.
#include "lab_server.hpp"

#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fmt/core.h>
#include <optional>
#include <vector>

#include "lab_sockets.hpp"
#include "router_lab.hpp"

namespace ctsh::kerneltest {

namespace {

constexpr auto longest_service = std::chrono::seconds(45);
constexpr std::size_t most_sockets = 64;

enum class Role { listen_then_close, listen_keep, connection_then_close, connection_keep, udp_echo, udp_silent };

struct Service {
  Socket socket;
  Role role;
};

std::expected<Socket, std::string> open_service(const std::string& address_literal, int type, int port) {
  const SocketAddress address = make_address(address_literal, port);
  Socket socket(::socket(address.family(), type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!socket.valid()) return std::unexpected(fmt::format("socket: {}", std::strerror(errno)));
  const int yes = 1;
  setsockopt(socket.get(), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  if (bind(socket.get(), address.get(), address.length) != 0) {
    return std::unexpected(fmt::format("bind {} port {}: {}", address_literal, port, std::strerror(errno)));
  }
  if (type == SOCK_STREAM && listen(socket.get(), 16) != 0) return std::unexpected(fmt::format("listen: {}", std::strerror(errno)));
  return socket;
}

// Handles one readable service; returns a newly accepted connection, if any.
std::optional<Service> serve(Service& service) {
  std::array<char, 2048> buffer;
  switch (service.role) {
    case Role::listen_then_close:
    case Role::listen_keep: {
      Socket accepted(accept4(service.socket.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
      if (!accepted.valid()) return std::nullopt;
      const Role role = service.role == Role::listen_keep ? Role::connection_keep : Role::connection_then_close;
      return Service{std::move(accepted), role};
    }
    case Role::connection_then_close:
    case Role::connection_keep: {
      const ssize_t n = read(service.socket.get(), buffer.data(), buffer.size());
      if (n > 0) {
        [[maybe_unused]] const ssize_t echoed = write(service.socket.get(), buffer.data(), static_cast<std::size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        service.socket = Socket();  // the client closed: close too (FIN back), or the connection failed
      }
      return std::nullopt;
    }
    case Role::udp_echo:
    case Role::udp_silent: {
      sockaddr_storage peer{};
      socklen_t peer_length = sizeof peer;
      const ssize_t n = recvfrom(service.socket.get(), buffer.data(), buffer.size(), 0,
                                 reinterpret_cast<sockaddr*>(&peer), &peer_length);
      if (n > 0 && service.role == Role::udp_echo) {
        sendto(service.socket.get(), buffer.data(), static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&peer), peer_length);
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

LabServer::~LabServer() { stop(); }

void LabServer::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::expected<void, std::string> LabServer::start(const std::string& server_namespace) {
  thread_ = std::jthread([this, server_namespace] { run(server_namespace); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (status_ == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  if (status_ == 1) return {};
  stop();
  return std::unexpected(error_.empty() ? std::string("server did not start in time") : error_);
}

void LabServer::run(const std::string& server_namespace) {
  auto fail = [this](std::string reason) {
    error_ = std::move(reason);
    status_ = -1;
  };
  if (auto entered = enter_namespace(server_namespace); !entered) return fail(entered.error());
  if (auto offload = disable_transmit_checksum_offload("eth0"); !offload) return fail(offload.error());
  std::vector<Service> services;
  const struct {
    int type;
    int port;
    Role role;
  } plan[] = {{SOCK_STREAM, tcp_echo_then_close_port, Role::listen_then_close},
              {SOCK_STREAM, tcp_echo_port, Role::listen_keep},
              {SOCK_DGRAM, udp_echo_port, Role::udp_echo},
              {SOCK_DGRAM, udp_silent_port, Role::udp_silent}};
  for (const char* address : {server_ipv4, server_ipv6}) {
    for (const auto& item : plan) {
      auto socket = open_service(address, item.type, item.port);
      if (!socket) return fail(socket.error());
      services.push_back(Service{std::move(*socket), item.role});
    }
  }
  status_ = 1;
  const auto deadline = std::chrono::steady_clock::now() + longest_service;
  std::vector<pollfd> ready;
  while (!stop_ && std::chrono::steady_clock::now() < deadline) {
    std::erase_if(services, [](const Service& service) { return !service.socket.valid(); });
    ready.clear();
    for (const auto& service : services) ready.push_back(pollfd{service.socket.get(), POLLIN, 0});
    if (poll(ready.data(), ready.size(), 10) <= 0) continue;
    const std::size_t polled = services.size();
    for (std::size_t i = 0; i < polled; ++i) {
      if (!(ready[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      if (auto accepted = serve(services[i]); accepted && services.size() < most_sockets) services.push_back(std::move(*accepted));
    }
  }
}

}  // namespace ctsh::kerneltest
