// The synthetic workloads' address plan (README.md, "Synthetic workloads"): clients in 10.0.0.0/8 from
// 10.0.0.1 on, servers and resolvers in RFC 2544's benchmarking range 198.18.0.0/15, spoofed flood
// sources in 100.64.0.0/10, and Linux's ephemeral port range for client ports.
#pragma once

#include <cstdint>

#include "ctsh/engine/conntrack_config.hpp"

namespace ctsh::engine {

inline constexpr std::uint32_t first_client_address = 0x0a000001;  // 10.0.0.1 (client N is 10.0.0.1 + N)
inline constexpr std::uint32_t first_server_address = 0xc6120001;  // 198.18.0.1
inline constexpr std::uint32_t server_count = 4096;
inline constexpr std::uint32_t resolver_addresses[] = {0xc6130035, 0xc6130036};  // 198.19.0.53, 198.19.0.54
inline constexpr std::uint32_t dns_host_names = 10'000;  // queries ask for host0 .. host9999.example.com

// Client source ports: Linux's ip_local_port_range, 32768-60999.
inline constexpr std::uint32_t ephemeral_first = 1u << 15;
inline constexpr std::uint32_t ephemeral_count = 28'232;

// An IPv4 address from its 32-bit value in host order (0x0a000001 is 10.0.0.1).
inline IpAddress ipv4_address(std::uint32_t value) {
  IpAddress address;
  address.bytes[0] = static_cast<std::uint8_t>(value >> 24);
  address.bytes[1] = static_cast<std::uint8_t>(value >> 16);
  address.bytes[2] = static_cast<std::uint8_t>(value >> 8);
  address.bytes[3] = static_cast<std::uint8_t>(value);
  return address;
}

}  // namespace ctsh::engine
