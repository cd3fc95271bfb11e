// replay_through_ctsh: one ctsh process per step, sharing the config directory (the engine's snapshot).
#include "ctsh_replay.hpp"

#include <fmt/core.h>

#include "command.hpp"

namespace ctsh::kerneltest {

namespace {

std::expected<std::string, std::string> ctsh(const std::filesystem::path& binary, const std::filesystem::path& config_directory,
                                             std::vector<std::string> arguments) {
  std::vector<std::string> argv = {binary.string(), "--config-dir", config_directory.string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  const CommandResult result = run_command(argv);
  if (result.exit_code != 0) return std::unexpected(fmt::format("{} exited {}: {}", describe(argv), result.exit_code, result.output));
  return result.output;
}

}  // namespace

std::expected<nlohmann::json, std::string> replay_through_ctsh(const std::filesystem::path& ctsh_binary,
                                                               const std::filesystem::path& config_directory,
                                                               const std::filesystem::path& capture, double idle_seconds) {
  const std::vector<std::vector<std::string>> steps = {
      {"-c", "configure; set system conntrack timeout udp stream 120; commit; exit"},
      {"-c", "simulate pcap " + capture.string()},
      {"-c", fmt::format("simulate idle {:.3f}", idle_seconds > 0 ? idle_seconds : 0.0)},
  };
  for (const auto& step : steps) {
    if (auto done = ctsh(ctsh_binary, config_directory, step); !done) return std::unexpected(done.error());
  }
  nlohmann::json merged = {{"entries", nlohmann::json::array()}};
  for (const char* family : {"ipv4", "ipv6"}) {
    auto shown = ctsh(ctsh_binary, config_directory, {fmt::format("show conntrack table {} | json", family)});
    if (!shown) return std::unexpected(shown.error());
    const auto table = nlohmann::json::parse(*shown, nullptr, false);
    if (table.is_discarded() || !table.contains("entries") || !table["entries"].is_array()) {
      return std::unexpected(fmt::format("show conntrack table {} | json printed no table: {}", family, *shown));
    }
    for (const auto& entry : table["entries"]) merged["entries"].push_back(entry);
  }
  return merged;
}

}  // namespace ctsh::kerneltest
