// The test network: three network namespaces (client, router, server) joined by two veth pairs, the router
// forwarding IPv4 and IPv6 with conntrack hooked in by an nftables `ct state` rule. Created by the test,
// deleted by the destructor (and by the next run when a run was killed).
//
//   auto lab = RouterLab::create();        // std::expected: the reason when namespaces are not permitted
//   std::jthread t([&] { enter_namespace(lab->router()); ... });
#pragma once

#include <expected>
#include <string>

namespace ctsh::kerneltest {

// Addresses of the lab, all inside 10.111.0.0/16 and fd00:111::/64.
inline constexpr const char* client_ipv4 = "10.111.1.1";
inline constexpr const char* router_client_ipv4 = "10.111.1.254";
inline constexpr const char* server_ipv4 = "10.111.2.1";
inline constexpr const char* router_server_ipv4 = "10.111.2.254";
inline constexpr const char* client_ipv6 = "fd00:111::1:1";
inline constexpr const char* router_client_ipv6 = "fd00:111::1:fe";
inline constexpr const char* server_ipv6 = "fd00:111::2:1";
inline constexpr const char* router_server_ipv6 = "fd00:111::2:fe";

// TCP port the server's own nftables drops on input, so a SYN to it stays SYN_SENT in the router.
inline constexpr int server_dropped_tcp_port = 7003;

class RouterLab {
 public:
  // Builds the lab; the error says why it cannot (not root, no netns, no nft, no conntrack).
  static std::expected<RouterLab, std::string> create();
  // Whether this machine lets the test build a lab at all; the error is the reason to skip.
  static std::expected<void, std::string> check_permitted();

  RouterLab(RouterLab&& other) noexcept;
  RouterLab& operator=(RouterLab&&) = delete;
  RouterLab(const RouterLab&) = delete;
  ~RouterLab();

  const std::string& client() const { return client_; }
  const std::string& router() const { return router_; }
  const std::string& server() const { return server_; }

 private:
  RouterLab();
  std::string client_;
  std::string router_;
  std::string server_;
  bool owned_ = true;
};

// Deletes this process's lab namespaces; for a watchdog that ends the test before the lab's destructor can.
void delete_namespaces_of_this_process();

// Moves the calling thread into the named namespace (its sockets, /proc/thread-self/net and sysctls).
std::expected<void, std::string> enter_namespace(const std::string& name);

// Turns transmit checksum offload off on `interface` of the calling thread's namespace, so that captured
// packets carry complete checksums.
std::expected<void, std::string> disable_transmit_checksum_offload(const std::string& interface);

}  // namespace ctsh::kerneltest
