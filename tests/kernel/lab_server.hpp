// The server side of the lab traffic, run by a thread inside the server namespace: TCP and UDP services on
// IPv4 and IPv6 (the kernel answers ICMP echo requests and refuses closed ports by itself).
//
//   LabServer server;
//   if (auto started = server.start(lab.server()); !started) ...;   // returns once every socket listens
//   ... client traffic ...
//   server.stop();                                                  // also in the destructor
#pragma once

#include <atomic>
#include <expected>
#include <string>
#include <thread>

namespace ctsh::kerneltest {

// Services (same ports on both families).
inline constexpr int tcp_echo_then_close_port = 7001;  // echoes, closes when the client has closed
inline constexpr int tcp_echo_port = 7002;             // echoes, keeps the connection open
inline constexpr int tcp_closed_port = 7009;           // nothing listens: the kernel answers RST
inline constexpr int udp_echo_port = 7101;
inline constexpr int udp_silent_port = 7102;           // reads, never answers
inline constexpr int udp_closed_port = 7109;           // nothing bound: ICMP port unreachable

class LabServer {
 public:
  LabServer() = default;
  LabServer(const LabServer&) = delete;
  LabServer& operator=(const LabServer&) = delete;
  ~LabServer();

  std::expected<void, std::string> start(const std::string& server_namespace);
  void stop();

 private:
  void run(const std::string& server_namespace);

  std::jthread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> status_{0};  // 0 starting, 1 serving, -1 failed
  std::string error_;
};

}  // namespace ctsh::kerneltest
