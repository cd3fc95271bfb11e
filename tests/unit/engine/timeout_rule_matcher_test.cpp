// Custom timeout rules: a new flow takes the last matching rule in rule-number order (as each
// matching rule overrides the earlier one on the kernel), reported as its index in the given vector.
#include <doctest/doctest.h>

#include "rule_test_packets.hpp"
#include "rules/raw_classifier.hpp"

namespace ctsh::engine {
namespace {

using namespace rule_test;

const std::vector<std::string> kInterfaces{"", "eth0", "eth1"};

CustomTimeoutRule timeout_rule(std::uint32_t number, std::uint8_t protocol_number, PacketMatch match = {}) {
  CustomTimeoutRule rule;
  rule.number = number;
  rule.match = std::move(match);
  rule.match.protocol = protocol(protocol_number);
  rule.timeouts["established"] = number;
  return rule;
}

TEST_CASE("timeout rules: without rules the matcher is empty and matches nothing") {
  const TimeoutRuleMatcher none;
  CHECK(none.empty());
  CHECK(none.match(packet({})) == -1);
  const TimeoutRuleMatcher compiled = TimeoutRuleMatcher::compile({}, kInterfaces);
  CHECK(compiled.empty());
  CHECK(compiled.match(packet({})) == -1);
}

TEST_CASE("timeout rules: the last matching rule by number wins, as an index into the given rules") {
  const std::vector<CustomTimeoutRule> rules{timeout_rule(30, 6, to_port(22)), timeout_rule(10, 6),
                                             timeout_rule(20, 17), timeout_rule(40, 6, to_port(443))};
  const TimeoutRuleMatcher matcher = TimeoutRuleMatcher::compile(rules, kInterfaces);
  CHECK_FALSE(matcher.empty());
  CHECK(matcher.match(packet({.dport = 22})) == 0);
  CHECK(matcher.match(packet({.dport = 443})) == 3);
  CHECK(matcher.match(packet({.dport = 80})) == 1);
  CHECK(matcher.match(packet({.protocol = 17, .dport = 53})) == 2);
  CHECK(matcher.match(packet({.protocol = 1})) == -1);
}

TEST_CASE("timeout rules: addresses, IPv6 and interfaces bound after compile restrict a rule") {
  PacketMatch from_lan;
  from_lan.source_address = range(v6({0xfd00, 0, 0, 0, 0, 0, 0, 0}), v6({0xfd00, 0, 0, 0, 0xffff, 0xffff, 0xffff, 0xffff}));
  PacketMatch on_wan;
  on_wan.inbound_interface = "ppp*";
  TimeoutRuleMatcher matcher =
      TimeoutRuleMatcher::compile({timeout_rule(1, 17, from_lan), timeout_rule(2, 17, on_wan)}, kInterfaces);
  const IpAddress lan = v6({0xfd00, 0, 0, 0, 0, 0, 0, 5});
  const IpAddress remote = v6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1});
  CHECK(matcher.match(packet({.protocol = 17, .src = lan, .dst = remote, .interface = 7})) == 0);
  CHECK(matcher.match(packet({.protocol = 17, .src = remote, .dst = lan, .interface = 7})) == -1);
  matcher.bind_interface(7, "ppp0");
  CHECK(matcher.match(packet({.protocol = 17, .src = lan, .dst = remote, .interface = 7})) == 1);
  CHECK(matcher.match(packet({.protocol = 17, .src = remote, .dst = lan, .interface = 7})) == 1);
  CHECK(matcher.match(packet({.protocol = 6, .src = remote, .dst = lan, .interface = 7})) == -1);
}

TEST_CASE("timeout rules: among 500 rules the last matching one wins") {
  std::vector<CustomTimeoutRule> rules;
  for (std::uint32_t i = 0; i < 500; ++i) {
    PacketMatch match;
    match.destination_port = ports({{static_cast<std::uint16_t>(i), 1000}});
    rules.push_back(timeout_rule(i + 1, 6, match));
  }
  const TimeoutRuleMatcher matcher = TimeoutRuleMatcher::compile(rules, kInterfaces);
  const std::uint16_t probes[] = {0, 1, 63, 64, 250, 499, 700};
  for (const std::uint16_t port : probes) {
    CHECK(matcher.match(packet({.dport = port})) == std::min<int>(port, 499));
  }
  CHECK(matcher.match(packet({.dport = 1001})) == -1);
}

}  // namespace
}  // namespace ctsh::engine
