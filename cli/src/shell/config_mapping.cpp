// Effective configuration tree → engine::ConntrackConfig.
#include "config_mapping.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "ctsh/cli/value_parsers.hpp"

namespace ctsh::cli {
namespace {

using engine::Family;

std::uint32_t number(const ConfigNode& root, const Path& path) {
  const std::string* value = root.first_value(path);
  if (!value) throw std::logic_error(fmt::format("{} has no value (defaults not filled in?)", join_path(path)));
  return static_cast<std::uint32_t>(std::stoul(*value));
}

template <typename T>
T converted(std::expected<T, std::string> result, const std::string& what) {
  if (!result) throw std::logic_error(fmt::format("{}: {}", what, result.error()));
  return std::move(*result);
}

engine::PacketMatch packet_match(const ConfigNode& rule, Family family) {
  engine::PacketMatch match;
  if (const std::string* protocol = rule.first_value({"protocol"})) {
    match.protocol = converted(parse_protocol_match(*protocol), "protocol");
  }
  for (const char* side : {"source", "destination"}) {
    const bool source = std::string_view(side) == "source";
    if (const std::string* address = rule.first_value({side, "address"})) {
      auto parsed = converted(parse_address_match(*address, family), "address");
      (source ? match.source_address : match.destination_address) = parsed;
    }
    if (const std::string* port = rule.first_value({side, "port"})) {
      (source ? match.source_port : match.destination_port) = converted(parse_port_match(*port), "port");
    }
  }
  if (const std::string* interface = rule.first_value({"inbound-interface"}); interface && *interface != "any") {
    match.inbound_interface = *interface;
  }
  if (const ConfigNode* flags = rule.find({"tcp", "flags"})) {
    static constexpr std::pair<const char*, std::uint8_t> kFlags[] = {
        {"fin", engine::tcp_fin}, {"syn", engine::tcp_syn}, {"rst", engine::tcp_rst}, {"psh", engine::tcp_psh},
        {"ack", engine::tcp_ack}, {"urg", engine::tcp_urg}, {"ecn", engine::tcp_ecn}, {"cwr", engine::tcp_cwr}};
    engine::TcpFlagsMatch tcp_flags;
    const ConfigNode* negated = flags->find({"not"});
    for (const auto& [name, bit] : kFlags) {
      if (flags->find({name})) tcp_flags.set |= bit;
      if (negated && negated->find({name})) tcp_flags.unset |= bit;
    }
    match.tcp_flags = tcp_flags;
  }
  return match;
}

engine::RawAction raw_action(const std::string& word) {
  if (word == "accept") return engine::RawAction::accept;
  if (word == "drop") return engine::RawAction::drop;
  if (word == "reject") return engine::RawAction::reject;
  if (word == "return") return engine::RawAction::return_to_caller;
  if (word == "notrack") return engine::RawAction::notrack;
  if (word == "jump") return engine::RawAction::jump;
  throw std::logic_error(fmt::format("unknown raw action '{}'", word));
}

// Rules of a `rule N` tag node in number order; disabled rules are left out.
std::vector<engine::RawRule> raw_rules(const ConfigNode* rules, Family family) {
  std::vector<engine::RawRule> out;
  if (!rules) return out;
  for (const auto& [number, rule] : rules->children) {
    if (rule.find({"disable"})) continue;
    engine::RawRule raw;
    raw.number = static_cast<std::uint32_t>(std::stoul(number));
    const std::string* action = rule.first_value({"action"});
    raw.action = action ? raw_action(*action) : engine::RawAction::accept;
    if (const std::string* target = rule.first_value({"jump-target"})) raw.jump_target = *target;
    raw.match = packet_match(rule, family);
    out.push_back(std::move(raw));
  }
  return out;
}

engine::RawRuleSet rule_set(const ConfigNode* chain, Family family) {
  engine::RawRuleSet set;
  if (!chain) return set;
  if (const std::string* action = chain->first_value({"default-action"})) set.default_action = raw_action(*action);
  set.rules = raw_rules(chain->find({"rule"}), family);
  return set;
}

engine::RawTable raw_table(const ConfigNode& root, const std::string& family_word, Family family) {
  engine::RawTable table;
  const ConfigNode* firewall = root.find({"firewall", family_word});
  if (firewall) {
    table.prerouting = rule_set(firewall->find({"prerouting", "raw"}), family);
    table.output = rule_set(firewall->find({"output", "raw"}), family);
    if (const ConfigNode* names = firewall->find({"name"})) {
      for (const auto& [name, chain] : names->children) table.named_sets[name] = rule_set(&chain, family);
    }
    if (const std::string* attached = firewall->first_value({"input", "filter", "raw"})) table.attached_set = *attached;
  }
  table.ignore_rules = raw_rules(root.find({"system", "conntrack", "ignore", family_word, "rule"}), family);
  for (auto& rule : table.ignore_rules) rule.action = engine::RawAction::notrack;
  return table;
}

std::vector<engine::CustomTimeoutRule> custom_timeouts(const ConfigNode& root, const std::string& family_word,
                                                       Family family) {
  std::vector<engine::CustomTimeoutRule> out;
  const ConfigNode* rules = root.find({"system", "conntrack", "timeout", "custom", family_word, "rule"});
  if (!rules) return out;
  for (const auto& [number, rule] : rules->children) {
    engine::CustomTimeoutRule custom;
    custom.number = static_cast<std::uint32_t>(std::stoul(number));
    custom.match = packet_match(rule, family);
    custom.match.protocol.reset();
    if (const ConfigNode* protocols = rule.find({"protocol"})) {
      for (const auto& [protocol, timeouts] : protocols->children) {
        custom.match.protocol = converted(parse_protocol_match(protocol), "protocol");
        for (const auto& [state, leaf] : timeouts.children) {
          if (!leaf.values.empty()) custom.timeouts[state] = static_cast<std::uint32_t>(std::stoul(leaf.values.front()));
        }
      }
    }
    out.push_back(std::move(custom));
  }
  return out;
}

}  // namespace

engine::ConntrackConfig to_conntrack_config(const ConfigNode& effective) {
  engine::ConntrackConfig config;
  const Path base{"system", "conntrack"};
  auto at = [&base](std::initializer_list<std::string> rest) {
    Path path = base;
    path.insert(path.end(), rest);
    return path;
  };
  config.table_size = number(effective, at({"table-size"}));
  config.hash_size = number(effective, at({"hash-size"}));
  config.expect_table_size = number(effective, at({"expect-table-size"}));
  auto& tcp = config.timeouts.tcp;
  tcp.close = number(effective, at({"timeout", "tcp", "close"}));
  tcp.close_wait = number(effective, at({"timeout", "tcp", "close-wait"}));
  tcp.established = number(effective, at({"timeout", "tcp", "established"}));
  tcp.fin_wait = number(effective, at({"timeout", "tcp", "fin-wait"}));
  tcp.last_ack = number(effective, at({"timeout", "tcp", "last-ack"}));
  tcp.syn_recv = number(effective, at({"timeout", "tcp", "syn-recv"}));
  tcp.syn_sent = number(effective, at({"timeout", "tcp", "syn-sent"}));
  tcp.time_wait = number(effective, at({"timeout", "tcp", "time-wait"}));
  config.timeouts.udp_other = number(effective, at({"timeout", "udp", "other"}));
  config.timeouts.udp_stream = number(effective, at({"timeout", "udp", "stream"}));
  config.timeouts.icmp = number(effective, at({"timeout", "icmp"}));
  config.timeouts.other = number(effective, at({"timeout", "other"}));
  config.tcp.half_open_connections = number(effective, at({"tcp", "half-open-connections"}));
  config.tcp.max_retrans = number(effective, at({"tcp", "max-retrans"}));
  const std::string* loose = effective.first_value(at({"tcp", "loose"}));
  config.tcp.loose = loose && *loose == "enable";
  config.flow_accounting = effective.find(at({"flow-accounting"})) != nullptr;
  if (const ConfigNode* modules = effective.find(at({"modules"}))) {
    static constexpr std::pair<const char*, engine::HelperModule> kModules[] = {
        {"ftp", engine::HelperModule::ftp},   {"h323", engine::HelperModule::h323},
        {"nfs", engine::HelperModule::nfs},   {"pptp", engine::HelperModule::pptp},
        {"rtsp", engine::HelperModule::rtsp}, {"sip", engine::HelperModule::sip},
        {"sqlnet", engine::HelperModule::sqlnet}, {"tftp", engine::HelperModule::tftp}};
    for (const auto& [name, module] : kModules) {
      if (modules->find({name})) config.modules.insert(module);
    }
  }
  config.custom_timeouts_ipv4 = custom_timeouts(effective, "ipv4", Family::ipv4);
  config.custom_timeouts_ipv6 = custom_timeouts(effective, "ipv6", Family::ipv6);
  config.raw_ipv4 = raw_table(effective, "ipv4", Family::ipv4);
  config.raw_ipv6 = raw_table(effective, "ipv6", Family::ipv6);
  return config;
}

}  // namespace ctsh::cli
