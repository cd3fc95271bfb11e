// run_client_traffic: the scripted flows, each step bounded by socket time limits.
#include "lab_client.hpp"

#include <netinet/icmp6.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fmt/core.h>
#include <thread>

#include "lab_server.hpp"
#include "router_lab.hpp"

namespace ctsh::kerneltest {

namespace {

using namespace std::chrono_literals;
using Step = std::expected<void, std::string>;

constexpr auto io_limit = 1000ms;
constexpr auto udp_stream_delay = 2200ms;  // past the kernel's 2-second rule for an ASSURED UDP stream
constexpr std::uint16_t echo_identifier = 0x4b44;
constexpr std::size_t most_replies_examined = 16;

std::string system_error(const std::string& what) { return fmt::format("{}: {}", what, std::strerror(errno)); }

std::expected<Socket, std::string> connected(const std::string& host, int type, int port) {
  const SocketAddress address = make_address(host, port);
  Socket socket(::socket(address.family(), type | SOCK_CLOEXEC, 0));
  if (!socket.valid()) return std::unexpected(system_error("socket"));
  set_io_limit(socket, io_limit);
  if (connect(socket.get(), address.get(), address.length) != 0) {
    return std::unexpected(system_error(fmt::format("connect {} port {}", host, port)));
  }
  return socket;
}

Step exchange_message(const Socket& socket, const std::string& message) {
  if (send(socket.get(), message.data(), message.size(), 0) != static_cast<ssize_t>(message.size())) {
    return std::unexpected(system_error("send"));
  }
  std::array<char, 2048> buffer;
  if (recv(socket.get(), buffer.data(), buffer.size(), 0) <= 0) return std::unexpected(system_error("receive the echo"));
  return {};
}

// Data both ways, then FIN both ways: the router ends in TIME_WAIT.
Step tcp_closed_connection(const std::string& host) {
  auto socket = connected(host, SOCK_STREAM, tcp_echo_then_close_port);
  if (!socket) return std::unexpected(socket.error());
  if (auto echoed = exchange_message(*socket, "hello, closing soon"); !echoed) return echoed;
  shutdown(socket->get(), SHUT_WR);
  std::array<char, 256> buffer;
  for (int reads = 0; reads < 8; ++reads) {
    const ssize_t n = recv(socket->get(), buffer.data(), buffer.size(), 0);
    if (n == 0) return {};
    if (n < 0) return std::unexpected(system_error("wait for the server's FIN"));
  }
  return std::unexpected("the server kept sending instead of closing");
}

std::expected<Socket, std::string> tcp_established_connection(const std::string& host) {
  auto socket = connected(host, SOCK_STREAM, tcp_echo_port);
  if (!socket) return socket;
  if (auto echoed = exchange_message(*socket, "hello, staying open"); !echoed) return std::unexpected(echoed.error());
  return socket;
}

// An established connection the client aborts (SO_LINGER 0): its RST moves the router to CLOSE.
Step tcp_reset_connection(const std::string& host) {
  auto socket = tcp_established_connection(host);
  if (!socket) return std::unexpected(socket.error());
  const linger abort_on_close{1, 0};
  if (setsockopt(socket->get(), SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close) != 0) {
    return std::unexpected(system_error("SO_LINGER"));
  }
  return {};  // closing the socket sends the RST
}

Step tcp_refused_connection(const std::string& host) {
  auto socket = connected(host, SOCK_STREAM, tcp_closed_port);
  if (socket) return std::unexpected("a connection to the closed port was accepted");
  if (errno != ECONNREFUSED) return std::unexpected(socket.error());
  return {};
}

// A SYN the server drops: the socket stays in SYN_SENT (and retransmits) while it is held.
std::expected<Socket, std::string> tcp_half_open_connection(const std::string& host) {
  const SocketAddress address = make_address(host, server_dropped_tcp_port);
  Socket socket(::socket(address.family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!socket.valid()) return std::unexpected(system_error("socket"));
  if (connect(socket.get(), address.get(), address.length) == 0 || errno != EINPROGRESS) {
    return std::unexpected(system_error("half-open connect"));
  }
  return socket;
}

Step udp_replied(const std::string& host) {
  auto socket = connected(host, SOCK_DGRAM, udp_echo_port);
  if (!socket) return std::unexpected(socket.error());
  return exchange_message(*socket, "udp request");
}

Step udp_unreplied(const std::string& host) {
  auto socket = connected(host, SOCK_DGRAM, udp_silent_port);
  if (!socket) return std::unexpected(socket.error());
  if (send(socket->get(), "nobody answers", 14, 0) != 14) return std::unexpected(system_error("send"));
  return {};
}

// The server's kernel answers with ICMP port unreachable, which the router relates to the UDP entry.
Step udp_refused(const std::string& host) {
  auto socket = connected(host, SOCK_DGRAM, udp_closed_port);
  if (!socket) return std::unexpected(socket.error());
  if (send(socket->get(), "closed port", 11, 0) != 11) return std::unexpected(system_error("send"));
  std::array<char, 64> buffer;
  if (recv(socket->get(), buffer.data(), buffer.size(), 0) >= 0 || errno != ECONNREFUSED) {
    return std::unexpected(system_error("expected ICMP port unreachable"));
  }
  return {};
}

std::uint16_t internet_checksum(const std::uint8_t* bytes, std::size_t length) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < length; i += 2) sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
  if (length % 2) sum += static_cast<std::uint32_t>(bytes[length - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

// An echo request with our identifier; waits for the matching reply (the ICMPv6 checksum is the kernel's).
Step icmp_echo(const std::string& host) {
  const bool ipv6 = host.find(':') != std::string::npos;
  const SocketAddress address = make_address(host, 0);
  Socket socket(::socket(address.family(), SOCK_RAW | SOCK_CLOEXEC, ipv6 ? int{IPPROTO_ICMPV6} : int{IPPROTO_ICMP}));
  if (!socket.valid()) return std::unexpected(system_error("raw ICMP socket"));
  set_io_limit(socket, io_limit);
  std::array<std::uint8_t, 16> request{};
  request[0] = ipv6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
  request[4] = echo_identifier >> 8;
  request[5] = echo_identifier & 0xff;
  request[7] = 1;  // sequence
  if (!ipv6) {
    const std::uint16_t checksum = internet_checksum(request.data(), request.size());
    request[2] = static_cast<std::uint8_t>(checksum >> 8);
    request[3] = static_cast<std::uint8_t>(checksum & 0xff);
  }
  if (sendto(socket.get(), request.data(), request.size(), 0, address.get(), address.length) != static_cast<ssize_t>(request.size())) {
    return std::unexpected(system_error("send echo request"));
  }
  const std::uint8_t reply_type = ipv6 ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY;
  std::array<std::uint8_t, 1500> buffer;
  for (std::size_t examined = 0; examined < most_replies_examined; ++examined) {
    const ssize_t n = recv(socket.get(), buffer.data(), buffer.size(), 0);
    if (n < 0) return std::unexpected(system_error("wait for the echo reply"));
    const std::size_t offset = ipv6 ? 0 : static_cast<std::size_t>(buffer[0] & 0x0f) * 4;  // raw IPv4 sockets see the IP header
    if (static_cast<std::size_t>(n) >= offset + 8 && buffer[offset] == reply_type && buffer[offset + 4] == request[4] &&
        buffer[offset + 5] == request[5]) {
      return {};
    }
  }
  return std::unexpected("no matching echo reply");
}

std::expected<ClientTraffic, std::string> run_in_namespace(const std::string& client_namespace) {
  if (auto entered = enter_namespace(client_namespace); !entered) return std::unexpected(entered.error());
  if (auto offload = disable_transmit_checksum_offload("eth0"); !offload) return std::unexpected(offload.error());
  ClientTraffic traffic;
  const auto started = std::chrono::steady_clock::now();
  std::vector<Socket> streams;
  for (const char* host : {server_ipv4, server_ipv6}) {
    auto stream = connected(host, SOCK_DGRAM, udp_echo_port);
    if (!stream) return std::unexpected(stream.error());
    if (auto echoed = exchange_message(*stream, "stream, first"); !echoed) return std::unexpected("UDP stream: " + echoed.error());
    streams.push_back(std::move(*stream));
  }

  auto record = [&traffic](const std::string& name, const Step& step) -> Step {
    if (!step) return std::unexpected(name + ": " + step.error());
    traffic.steps.push_back(name);
    return {};
  };
  auto keep = [&](const std::string& name, std::expected<Socket, std::string> socket) -> Step {
    if (!socket) return std::unexpected(name + ": " + socket.error());
    traffic.open_sockets.push_back(std::move(*socket));
    traffic.steps.push_back(name);
    return {};
  };
  for (const char* host : {server_ipv4, server_ipv6}) {
    const std::string family = host == server_ipv4 ? "IPv4" : "IPv6";
    const Step steps[] = {
        keep(family + " TCP half-open", tcp_half_open_connection(host)),
        record(family + " TCP closed", tcp_closed_connection(host)),
        record(family + " TCP closed again", tcp_closed_connection(host)),
        keep(family + " TCP established", tcp_established_connection(host)),
        record(family + " TCP reset", tcp_reset_connection(host)),
        record(family + " TCP refused", tcp_refused_connection(host)),
        record(family + " UDP replied", udp_replied(host)),
        record(family + " UDP unreplied", udp_unreplied(host)),
        record(family + " UDP refused", udp_refused(host)),
        record(family + " ICMP echo", icmp_echo(host)),
    };
    for (const auto& step : steps) {
      if (!step) return std::unexpected(step.error());
    }
  }
  std::this_thread::sleep_until(started + udp_stream_delay);
  for (const auto& stream : streams) {
    if (auto echoed = exchange_message(stream, "stream, later"); !echoed) return std::unexpected("UDP stream: " + echoed.error());
  }
  traffic.steps.push_back("UDP streams");
  return traffic;
}

}  // namespace

std::expected<ClientTraffic, std::string> run_client_traffic(const std::string& client_namespace) {
  std::expected<ClientTraffic, std::string> result = std::unexpected("client thread did not run");
  std::jthread([&] { result = run_in_namespace(client_namespace); }).join();
  return result;
}

}  // namespace ctsh::kerneltest
