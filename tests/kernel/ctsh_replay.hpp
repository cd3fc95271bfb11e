// Replays a capture through the ctsh binary and reads its conntrack table back as JSON.
//
//   auto engine = replay_through_ctsh(CTSH_BINARY, config_dir, "router.pcap", 0.25);
//   engine->at("entries") ...   // IPv4 and IPv6 entries together
#pragma once

#include <expected>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace ctsh::kerneltest {

// Configures the kernel's defaults where ctsh's differ (udp stream 120 s), replays `capture`, advances
// the clock by `idle_seconds`, and returns `show conntrack table ipv4|ipv6 | json` merged.
std::expected<nlohmann::json, std::string> replay_through_ctsh(const std::filesystem::path& ctsh_binary,
                                                               const std::filesystem::path& config_directory,
                                                               const std::filesystem::path& capture, double idle_seconds);

}  // namespace ctsh::kerneltest
