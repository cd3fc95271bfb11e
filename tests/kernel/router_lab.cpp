// RouterLab: builds and removes the client/router/server namespaces with ip(8) and nft(8).
#include "router_lab.hpp"

#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <chrono>
#include <filesystem>
#include <thread>
#include <utility>
#include <fmt/core.h>
#include <vector>

#include "command.hpp"

namespace ctsh::kerneltest {

namespace {

constexpr const char* namespace_prefix = "ctshkd";

std::string namespace_name(long pid, char role) { return fmt::format("{}{}{}", namespace_prefix, pid, role); }

// Namespaces left by earlier runs of this test that were killed before their cleanup ran.
void delete_stale_namespaces() {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/run/netns", error)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(namespace_prefix) || name.size() < std::strlen(namespace_prefix) + 2) continue;
    const std::string digits = name.substr(std::strlen(namespace_prefix), name.size() - std::strlen(namespace_prefix) - 1);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const long pid = std::stol(digits);
    if (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) run_command({"ip", "netns", "del", name});
  }
}

// IPv6 addresses (link-local ones too) usable at once, so the first packets need not wait for DAD.
constexpr const char* no_duplicate_address_detection =
    "echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad && echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad";

std::string ruleset_with_conntrack() {
  return "table inet ctsh_kerneldiff {\n"
         "  chain forward {\n"
         "    type filter hook forward priority filter; policy accept;\n"
         "    ct state established,related counter accept\n"
         "    ct state new,invalid,untracked counter accept\n"
         "  }\n"
         "}\n";
}

std::string ruleset_dropping_port() {
  return fmt::format(
      "table inet ctsh_kerneldiff_server {{\n"
      "  chain input {{\n"
      "    type filter hook input priority filter; policy accept;\n"
      "    tcp dport {} drop\n"
      "  }}\n"
      "}}\n",
      server_dropped_tcp_port);
}

// A veth transmits only once the kernel's link watcher has marked it operationally up (up to a second
// after `link set up`); until then neighbour discovery and ARP go nowhere.
std::expected<void, std::string> wait_until_links_are_up(const RouterLab& lab) {
  const std::pair<std::string, std::string> links[] = {
      {lab.client(), "eth0"}, {lab.server(), "eth0"}, {lab.router(), "to-client"}, {lab.router(), "to-server"}};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (const auto& [name, link] : links) {
    while (run_command({"ip", "-n", name, "-o", "link", "show", "dev", link}).output.find("state UP") == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline) return std::unexpected(fmt::format("{} in {} did not come up", link, name));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  return {};
}

}  // namespace

std::expected<void, std::string> RouterLab::check_permitted() {
  if (geteuid() != 0) return std::unexpected("not root: network namespaces cannot be created");
  if (access("/proc/net/nf_conntrack", F_OK) != 0) return std::unexpected("no nf_conntrack (/proc/net/nf_conntrack is missing)");
  if (run_command({"nft", "--version"}).exit_code != 0) return std::unexpected("nft (package nftables) is not installed");
  const std::string probe = namespace_name(getpid(), 'p');
  const CommandResult added = run_command({"ip", "netns", "add", probe});
  if (added.exit_code != 0) return std::unexpected("`ip netns add` failed: " + added.output);
  run_command({"ip", "netns", "del", probe});
  return {};
}

RouterLab::RouterLab()
    : client_(namespace_name(getpid(), 'c')), router_(namespace_name(getpid(), 'r')), server_(namespace_name(getpid(), 's')) {}

RouterLab::RouterLab(RouterLab&& other) noexcept
    : client_(std::move(other.client_)), router_(std::move(other.router_)), server_(std::move(other.server_)) {
  other.owned_ = false;
}

RouterLab::~RouterLab() {
  if (!owned_) return;
  for (const auto* name : {&client_, &router_, &server_}) run_command({"ip", "netns", "del", *name});
}

std::expected<RouterLab, std::string> RouterLab::create() {
  if (auto permitted = check_permitted(); !permitted) return std::unexpected(permitted.error());
  delete_stale_namespaces();
  RouterLab lab;
  const std::string& c = lab.client_;
  const std::string& r = lab.router_;
  const std::string& s = lab.server_;
  const std::vector<std::vector<std::string>> steps = {
      {"ip", "netns", "add", c},
      {"ip", "netns", "add", r},
      {"ip", "netns", "add", s},
      {"ip", "netns", "exec", c, "sh", "-c", no_duplicate_address_detection},
      {"ip", "netns", "exec", r, "sh", "-c", no_duplicate_address_detection},
      {"ip", "netns", "exec", s, "sh", "-c", no_duplicate_address_detection},
      {"ip", "-n", c, "link", "add", "eth0", "type", "veth", "peer", "name", "to-client", "netns", r},
      {"ip", "-n", s, "link", "add", "eth0", "type", "veth", "peer", "name", "to-server", "netns", r},
      {"ip", "netns", "exec", r, "sh", "-c",
       "echo 1 > /proc/sys/net/ipv4/ip_forward && echo 1 > /proc/sys/net/ipv6/conf/all/forwarding"},
      {"ip", "-n", c, "addr", "add", std::string(client_ipv4) + "/24", "dev", "eth0"},
      {"ip", "-n", c, "addr", "add", std::string(client_ipv6) + "/112", "dev", "eth0", "nodad"},
      {"ip", "-n", s, "addr", "add", std::string(server_ipv4) + "/24", "dev", "eth0"},
      {"ip", "-n", s, "addr", "add", std::string(server_ipv6) + "/112", "dev", "eth0", "nodad"},
      {"ip", "-n", r, "addr", "add", std::string(router_client_ipv4) + "/24", "dev", "to-client"},
      {"ip", "-n", r, "addr", "add", std::string(router_client_ipv6) + "/112", "dev", "to-client", "nodad"},
      {"ip", "-n", r, "addr", "add", std::string(router_server_ipv4) + "/24", "dev", "to-server"},
      {"ip", "-n", r, "addr", "add", std::string(router_server_ipv6) + "/112", "dev", "to-server", "nodad"},
      {"ip", "-n", c, "link", "set", "lo", "up"},
      {"ip", "-n", s, "link", "set", "lo", "up"},
      {"ip", "-n", r, "link", "set", "lo", "up"},
      {"ip", "-n", c, "link", "set", "eth0", "up"},
      {"ip", "-n", s, "link", "set", "eth0", "up"},
      {"ip", "-n", r, "link", "set", "to-client", "up"},
      {"ip", "-n", r, "link", "set", "to-server", "up"},
      {"ip", "-n", c, "route", "add", "default", "via", router_client_ipv4},
      {"ip", "-n", c, "-6", "route", "add", "default", "via", router_client_ipv6},
      {"ip", "-n", s, "route", "add", "default", "via", router_server_ipv4},
      {"ip", "-n", s, "-6", "route", "add", "default", "via", router_server_ipv6},
  };
  for (const auto& step : steps) {
    const CommandResult result = run_command(step);
    if (result.exit_code != 0) return std::unexpected(describe(step) + ": " + result.output);
  }
  if (auto up = wait_until_links_are_up(lab); !up) return std::unexpected(up.error());
  const CommandResult router_rules = run_command({"ip", "netns", "exec", r, "nft", "-f", "-"}, ruleset_with_conntrack());
  if (router_rules.exit_code != 0) return std::unexpected("nft in the router: " + router_rules.output);
  const CommandResult server_rules = run_command({"ip", "netns", "exec", s, "nft", "-f", "-"}, ruleset_dropping_port());
  if (server_rules.exit_code != 0) return std::unexpected("nft in the server: " + server_rules.output);
  return lab;
}

void delete_namespaces_of_this_process() {
  for (const char role : {'c', 'r', 's'}) run_command({"ip", "netns", "del", namespace_name(getpid(), role)});
}

std::expected<void, std::string> enter_namespace(const std::string& name) {
  const std::string path = "/run/netns/" + name;
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(fmt::format("open {}: {}", path, std::strerror(errno)));
  const int entered = setns(fd, CLONE_NEWNET);
  const int saved_errno = errno;
  close(fd);
  if (entered != 0) return std::unexpected(fmt::format("setns {}: {}", name, std::strerror(saved_errno)));
  return {};
}

std::expected<void, std::string> disable_transmit_checksum_offload(const std::string& interface) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::unexpected(fmt::format("socket: {}", std::strerror(errno)));
  ethtool_value value{};
  value.cmd = ETHTOOL_STXCSUM;
  value.data = 0;
  ifreq request{};
  std::strncpy(request.ifr_name, interface.c_str(), IFNAMSIZ - 1);
  request.ifr_data = reinterpret_cast<char*>(&value);
  const int done = ioctl(fd, SIOCETHTOOL, &request);
  const int saved_errno = errno;
  close(fd);
  if (done != 0) return std::unexpected(fmt::format("ETHTOOL_STXCSUM {}: {}", interface, std::strerror(saved_errno)));
  return {};
}

}  // namespace ctsh::kerneltest
