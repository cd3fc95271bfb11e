// Options of the table commands to an engine::FlowFilter (see flow_filter_options.hpp).
#include "flow_filter_options.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "ctsh/cli/value_parsers.hpp"

namespace ctsh::cli {
namespace {

using Options = std::map<std::string, std::string>;

// A value as a message quotes it: long ones are cut, so the message stays one line.
std::string quoted(const std::string& value) {
  constexpr std::size_t longest_shown = 64;
  return fmt::format("\"{}{}\"", value.substr(0, longest_shown), value.size() > longest_shown ? "..." : "");
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::expected<void, std::string> set_address(engine::FlowFilter& filter, engine::Family family, const Options& options,
                                             const std::string& name) {
  const auto given = options.find(name);
  if (given == options.end()) return {};
  auto match = parse_address_match(given->second, family);
  if (!match) return std::unexpected(fmt::format("{}: {}", name, match.error()));
  (name == "source" ? filter.source : filter.destination) = *match;
  return {};
}

std::expected<void, std::string> set_port(engine::FlowFilter& filter, const Options& options, const std::string& name) {
  const auto given = options.find(name);
  if (given == options.end()) return {};
  auto match = parse_port_match(given->second);
  if (!match) return std::unexpected(fmt::format("{}: {}", name, match.error()));
  if (match->negated || match->ranges.size() != 1 || match->ranges[0].first != match->ranges[0].last) {
    return std::unexpected(fmt::format("{}: {} is not one port: give a number 1-65535 or a service name "
                                       "(no list, range or '!')",
                                       name, quoted(given->second)));
  }
  (name == "source-port" ? filter.source_port : filter.destination_port) = match->ranges[0].first;
  return {};
}

std::expected<void, std::string> set_protocol(engine::FlowFilter& filter, const Options& options) {
  const auto given = options.find("protocol");
  if (given == options.end()) return {};
  auto match = parse_protocol_match(given->second);
  if (!match) return std::unexpected(fmt::format("protocol: {}", match.error()));
  if (!*match) return {};  // `all`
  if ((*match)->negated || (*match)->tcp_udp) {
    return std::unexpected(fmt::format("protocol: {} is not one protocol: give a name or a number (tcp, udp, 47, ...)",
                                       quoted(given->second)));
  }
  filter.protocol = (*match)->number;
  return {};
}

std::expected<void, std::string> set_state(engine::FlowFilter& filter, const Options& options) {
  const auto given = options.find("state");
  if (given == options.end()) return {};
  const std::string wanted = upper(given->second);
  const std::vector<std::string_view> names = engine::flow_state_names();
  if (std::find(names.begin(), names.end(), wanted) == names.end()) {
    return std::unexpected(fmt::format("state: {} is not a TCP or SCTP state: use one of {}", quoted(given->second),
                                       fmt::join(names, ", ")));
  }
  filter.state = wanted;
  return {};
}

std::expected<void, std::string> set_status(engine::FlowFilter& filter, const Options& options) {
  const auto given = options.find("status");
  if (given == options.end()) return {};
  const std::string& list = given->second;
  for (std::size_t start = 0; start <= list.size();) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string word = upper(list.substr(start, comma - start));
    if (word == "ASSURED") {
      filter.status_set |= engine::status_assured;
    } else if (word == "SEEN-REPLY") {
      filter.status_set |= engine::status_seen_reply;
    } else if (word == "EXPECTED") {
      filter.status_set |= engine::status_expected;
    } else if (word == "UNREPLIED") {
      filter.status_clear |= engine::status_seen_reply;
    } else {
      return std::unexpected(fmt::format("status: {} is not a status: use assured, seen-reply, expected or unreplied, "
                                         "or a comma list of them that must all hold",
                                         quoted(list)));
    }
    start = comma + 1;
  }
  if (filter.status_set & filter.status_clear) {
    return std::unexpected(fmt::format("status: {} asks for seen-reply and unreplied at once: no entry is both",
                                       quoted(list)));
  }
  return {};
}

}  // namespace

std::expected<engine::FlowFilter, std::string> flow_filter_from_options(engine::Family family, const Options& options) {
  engine::FlowFilter filter;
  filter.family = family;
  for (auto set : {set_address(filter, family, options, "source"), set_address(filter, family, options, "destination"),
                   set_protocol(filter, options), set_port(filter, options, "source-port"),
                   set_port(filter, options, "destination-port"), set_state(filter, options),
                   set_status(filter, options)}) {
    if (!set) return std::unexpected(set.error());
  }
  return filter;
}

}  // namespace ctsh::cli
