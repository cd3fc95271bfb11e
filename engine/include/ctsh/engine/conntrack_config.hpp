// ConntrackConfig: the typed, effective configuration a dataplane applies.
//
// The shell turns the committed configuration tree (with the schema's defaults filled in) into one of
// these; dataplanes (the in-process engine, the Linux kernel) take nothing else. Every field is always
// set by that mapping, so no default value is written here: defaults live only in schema/.
//
//   ConntrackConfig cfg = ...;            // from cli's config mapping
//   if (cfg.modules.contains(HelperModule::ftp)) ...
//
// Value types only; safe to copy between threads.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ctsh::engine {

enum class Family : std::uint8_t { ipv4, ipv6 };

// An IPv4 address uses the first 4 bytes; the rest stay zero.
struct IpAddress {
  Family family = Family::ipv4;
  std::array<std::uint8_t, 16> bytes{};
  auto operator<=>(const IpAddress&) const = default;
};

// A host, prefix or range, all held as an inclusive range; `negated` for the `!` forms.
struct AddressMatch {
  bool negated = false;
  IpAddress first;
  IpAddress last;
  bool operator==(const AddressMatch&) const = default;
};

struct PortRange {
  std::uint16_t first = 0;
  std::uint16_t last = 0;
  bool operator==(const PortRange&) const = default;
};

// A port list (`22,80,1000-2000,http`); `negated` applies to the whole list.
struct PortMatch {
  bool negated = false;
  std::vector<PortRange> ranges;
  bool operator==(const PortMatch&) const = default;
};

// `all` is an absent ProtocolMatch; `tcp_udp` matches both.
struct ProtocolMatch {
  bool negated = false;
  bool tcp_udp = false;
  std::uint8_t number = 0;  // IANA protocol number when !tcp_udp
  bool operator==(const ProtocolMatch&) const = default;
};

// TCP flag bits as in the TCP header.
enum TcpFlag : std::uint8_t {
  tcp_fin = 0x01, tcp_syn = 0x02, tcp_rst = 0x04, tcp_psh = 0x08,
  tcp_ack = 0x10, tcp_urg = 0x20, tcp_ecn = 0x40, tcp_cwr = 0x80,
};

// Matches when (flags & (set | unset)) == set.
struct TcpFlagsMatch {
  std::uint8_t set = 0;
  std::uint8_t unset = 0;
  bool operator==(const TcpFlagsMatch&) const = default;
};

// What a raw (before tracking) rule does with a matching packet.
enum class RawAction : std::uint8_t { accept, drop, reject, return_to_caller, notrack, jump };

struct PacketMatch {
  std::optional<ProtocolMatch> protocol;  // absent: any protocol
  std::optional<AddressMatch> source_address;
  std::optional<AddressMatch> destination_address;
  std::optional<PortMatch> source_port;
  std::optional<PortMatch> destination_port;
  std::optional<std::string> inbound_interface;  // "any" is stored as absent
  std::optional<TcpFlagsMatch> tcp_flags;
  bool operator==(const PacketMatch&) const = default;
};

struct RawRule {
  std::uint32_t number = 0;
  RawAction action = RawAction::accept;
  std::string jump_target;  // set when action == jump
  PacketMatch match;
  bool operator==(const RawRule&) const = default;
};

// A chain of rules in rule-number order with the action taken when none matched.
struct RawRuleSet {
  RawAction default_action = RawAction::accept;
  std::vector<RawRule> rules;
  bool operator==(const RawRuleSet&) const = default;
};

// Everything evaluated before tracking for one family, in evaluation order:
// prerouting rules, then the attached named set, then `system conntrack ignore` rules (as notrack).
struct RawTable {
  RawRuleSet prerouting;
  RawRuleSet output;
  std::map<std::string, RawRuleSet> named_sets;
  std::optional<std::string> attached_set;  // `firewall <family> input filter raw NAME`
  std::vector<RawRule> ignore_rules;        // `system conntrack ignore <family> rule N`, action notrack
  bool operator==(const RawTable&) const = default;
};

struct TcpTimeouts {
  std::uint32_t close = 0, close_wait = 0, established = 0, fin_wait = 0;
  std::uint32_t last_ack = 0, syn_recv = 0, syn_sent = 0, time_wait = 0;
  bool operator==(const TcpTimeouts&) const = default;
};

struct Timeouts {
  TcpTimeouts tcp;
  std::uint32_t udp_other = 0;   // unreplied
  std::uint32_t udp_stream = 0;  // replied and streaming
  std::uint32_t icmp = 0;
  std::uint32_t other = 0;
  bool operator==(const Timeouts&) const = default;
};

// A custom timeout rule: new flows matching it take these timeouts (unset ones keep the global value).
struct CustomTimeoutRule {
  std::uint32_t number = 0;
  PacketMatch match;  // protocol is tcp or udp
  std::map<std::string, std::uint32_t> timeouts;  // schema names: "established", "replied", ...
  bool operator==(const CustomTimeoutRule&) const = default;
};

enum class HelperModule : std::uint8_t { ftp, h323, nfs, pptp, rtsp, sip, sqlnet, tftp };

struct TcpOptions {
  std::uint32_t half_open_connections = 0;
  bool loose = false;
  std::uint32_t max_retrans = 0;
  bool operator==(const TcpOptions&) const = default;
};

struct ConntrackConfig {
  std::uint32_t table_size = 0;
  std::uint32_t hash_size = 0;
  std::uint32_t expect_table_size = 0;
  Timeouts timeouts;
  TcpOptions tcp;
  bool flow_accounting = false;
  std::set<HelperModule> modules;
  std::vector<CustomTimeoutRule> custom_timeouts_ipv4;
  std::vector<CustomTimeoutRule> custom_timeouts_ipv6;
  RawTable raw_ipv4;
  RawTable raw_ipv6;
  bool operator==(const ConntrackConfig&) const = default;
};

}  // namespace ctsh::engine
