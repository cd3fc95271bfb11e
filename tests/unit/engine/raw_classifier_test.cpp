// The raw classifier walks prerouting rules, the attached named set (and the sets it jumps to), then
// the conntrack ignore rules, with each action and default action meaning what the README says.
#include <doctest/doctest.h>

#include "rule_test_packets.hpp"
#include "rules/raw_classifier.hpp"

namespace ctsh::engine {
namespace {

using namespace rule_test;

const std::vector<std::string> kInterfaces{"", "eth0", "eth1"};

RawVerdict classify(const RawTable& table, const ParsedPacket& p) {
  return RawClassifier::compile(table, kInterfaces).classify(p);
}

RawRuleSet named_set(RawAction default_action, std::vector<RawRule> rules) {
  RawRuleSet set;
  set.default_action = default_action;
  set.rules = std::move(rules);
  return set;
}

const ParsedPacket kWeb = packet({.dport = 80});
const ParsedPacket kDns = packet({.protocol = 17, .dport = 53});

TEST_CASE("raw classifier: without rules every packet is tracked and the classifier is empty") {
  const RawClassifier none;
  CHECK(none.empty());
  CHECK(none.classify(kWeb) == RawVerdict::track);
  const RawClassifier compiled = RawClassifier::compile(RawTable{}, kInterfaces);
  CHECK(compiled.empty());
  CHECK(compiled.classify(kWeb) == RawVerdict::track);
}

TEST_CASE("raw classifier: empty exactly when no rule or default can change the verdict from track") {
  RawTable table;
  table.prerouting.rules = {rule(10, RawAction::accept, to_port(80)), rule(20, RawAction::return_to_caller)};
  table.named_sets["UNUSED"] = named_set(RawAction::drop, {rule(1, RawAction::drop)});
  table.output.rules = {rule(1, RawAction::drop)};
  CHECK(RawClassifier::compile(table, kInterfaces).empty());

  table.attached_set = std::string("UNUSED");
  CHECK_FALSE(RawClassifier::compile(table, kInterfaces).empty());

  RawTable drop_policy;
  drop_policy.prerouting.default_action = RawAction::drop;
  CHECK_FALSE(RawClassifier::compile(drop_policy, kInterfaces).empty());

  RawTable ignore;
  ignore.ignore_rules = {rule(1, RawAction::notrack, to_port(53))};
  CHECK_FALSE(RawClassifier::compile(ignore, kInterfaces).empty());
}

TEST_CASE("raw classifier: each action of a matching prerouting rule gives its verdict") {
  const std::pair<RawAction, RawVerdict> cases[] = {{RawAction::accept, RawVerdict::track},
                                                    {RawAction::notrack, RawVerdict::notrack},
                                                    {RawAction::drop, RawVerdict::drop},
                                                    {RawAction::reject, RawVerdict::reject}};
  for (const auto& [action, verdict] : cases) {
    RawTable table;
    table.prerouting.default_action = RawAction::drop;
    table.prerouting.rules = {rule(10, action, to_port(80))};
    CHECK(classify(table, kWeb) == verdict);
    CHECK(classify(table, kDns) == RawVerdict::drop);  // no rule matched: the default action
  }
}

TEST_CASE("raw classifier: the first matching rule by number decides, whatever the vector order") {
  RawTable table;
  table.prerouting.rules = {rule(30, RawAction::drop), rule(10, RawAction::notrack, to_port(80)),
                            rule(20, RawAction::reject, to_port(80))};
  CHECK(classify(table, kWeb) == RawVerdict::notrack);
  CHECK(classify(table, kDns) == RawVerdict::drop);
}

TEST_CASE("raw classifier: prerouting's default accept hands the packet on; a named set's ends raw processing") {
  RawTable table;
  table.prerouting.default_action = RawAction::accept;
  table.prerouting.rules = {rule(10, RawAction::drop, to_port(22))};
  table.ignore_rules = {rule(1, RawAction::notrack, to_port(80))};
  CHECK(classify(table, kWeb) == RawVerdict::notrack);

  table.named_sets["RAW"] = named_set(RawAction::accept, {rule(10, RawAction::drop, to_port(22))});
  table.attached_set = std::string("RAW");
  CHECK(classify(table, kWeb) == RawVerdict::track);

  table.named_sets["RAW"].default_action = RawAction::drop;
  CHECK(classify(table, kWeb) == RawVerdict::drop);
  table.named_sets["RAW"].default_action = RawAction::reject;
  CHECK(classify(table, kWeb) == RawVerdict::reject);
  table.named_sets["RAW"].default_action = RawAction::return_to_caller;
  CHECK(classify(table, kWeb) == RawVerdict::notrack);
}

TEST_CASE("raw classifier: an accept rule ends raw processing before later stages") {
  RawTable table;
  table.prerouting.rules = {rule(10, RawAction::accept, to_port(80))};
  table.named_sets["RAW"] = named_set(RawAction::drop, {});
  table.attached_set = std::string("RAW");
  table.ignore_rules = {rule(1, RawAction::notrack)};
  CHECK(classify(table, kWeb) == RawVerdict::track);
  CHECK(classify(table, kDns) == RawVerdict::drop);
}

TEST_CASE("raw classifier: return from a top-level chain goes on to the next stage") {
  RawTable table;
  table.prerouting.default_action = RawAction::drop;
  table.prerouting.rules = {rule(10, RawAction::return_to_caller, to_port(80))};
  table.named_sets["RAW"] = named_set(RawAction::drop, {rule(5, RawAction::return_to_caller, to_port(80))});
  table.attached_set = std::string("RAW");
  table.ignore_rules = {rule(1, RawAction::notrack, to_port(80))};
  CHECK(classify(table, kWeb) == RawVerdict::notrack);
  CHECK(classify(table, kDns) == RawVerdict::drop);
}

TEST_CASE("raw classifier: the three stages run in order: prerouting, attached set, ignore rules") {
  RawTable table;
  table.prerouting.rules = {rule(10, RawAction::reject, to_port(22))};
  table.named_sets["RAW"] = named_set(RawAction::return_to_caller,
                                      {rule(10, RawAction::drop, to_port(22)), rule(20, RawAction::drop, to_port(23))});
  table.attached_set = std::string("RAW");
  table.ignore_rules = {rule(1, RawAction::notrack, to_port(22)), rule(2, RawAction::notrack, to_port(23)),
                        rule(3, RawAction::notrack, to_port(24))};
  CHECK(classify(table, packet({.dport = 22})) == RawVerdict::reject);
  CHECK(classify(table, packet({.dport = 23})) == RawVerdict::drop);
  CHECK(classify(table, packet({.dport = 24})) == RawVerdict::notrack);
  CHECK(classify(table, packet({.dport = 25})) == RawVerdict::track);
}

TEST_CASE("raw classifier: a jump enters the set; its return comes back after the jump rule") {
  RawTable table;
  table.prerouting.rules = {rule(10, RawAction::jump, {}, "A"), rule(20, RawAction::reject, to_port(80)),
                            rule(30, RawAction::notrack)};
  table.named_sets["A"] = named_set(RawAction::drop, {rule(1, RawAction::return_to_caller, to_port(80)),
                                                      rule(2, RawAction::accept, to_port(53))});
  CHECK(classify(table, kWeb) == RawVerdict::reject);
  CHECK(classify(table, kDns) == RawVerdict::track);
  CHECK(classify(table, packet({.dport = 22})) == RawVerdict::drop);  // A's default action
}

TEST_CASE("raw classifier: nested jumps return to each caller in turn, and a set's default applies inside it") {
  RawTable table;
  table.named_sets["OUTER"] = named_set(RawAction::reject, {rule(1, RawAction::jump, {}, "INNER"),
                                                            rule(2, RawAction::notrack, to_port(80))});
  table.named_sets["INNER"] = named_set(RawAction::return_to_caller, {rule(1, RawAction::drop, to_port(22))});
  table.attached_set = std::string("OUTER");
  CHECK(classify(table, packet({.dport = 22})) == RawVerdict::drop);
  CHECK(classify(table, kWeb) == RawVerdict::notrack);
  CHECK(classify(table, kDns) == RawVerdict::reject);

  table.named_sets["INNER"].default_action = RawAction::accept;
  CHECK(classify(table, kWeb) == RawVerdict::track);
}

TEST_CASE("raw classifier: a set jumped to from two places is entered from each and returns to each") {
  RawTable table;
  table.named_sets["SHARED"] = named_set(RawAction::return_to_caller, {rule(1, RawAction::drop, to_port(22))});
  table.prerouting.rules = {rule(10, RawAction::jump, {}, "SHARED")};
  table.named_sets["RAW"] = named_set(RawAction::notrack, {rule(1, RawAction::jump, {}, "SHARED")});
  table.attached_set = std::string("RAW");
  CHECK(classify(table, packet({.dport = 22})) == RawVerdict::drop);
  CHECK(classify(table, kWeb) == RawVerdict::notrack);
}

TEST_CASE("raw classifier: jumps in a loop never hang; the jump closing the loop has no effect") {
  RawTable table;
  table.named_sets["A"] = named_set(RawAction::drop, {rule(1, RawAction::jump, {}, "B")});
  table.named_sets["B"] = named_set(RawAction::reject, {rule(1, RawAction::jump, {}, "A")});
  table.named_sets["SELF"] = named_set(RawAction::notrack, {rule(1, RawAction::jump, {}, "SELF")});
  table.attached_set = std::string("A");
  CHECK(classify(table, kWeb) == RawVerdict::reject);
  table.prerouting.rules = {rule(1, RawAction::jump, {}, "SELF")};
  CHECK(classify(table, kWeb) == RawVerdict::notrack);
}

TEST_CASE("raw classifier: a jump to or an attachment of a missing set has no effect") {
  RawTable table;
  table.prerouting.rules = {rule(1, RawAction::jump, {}, "MISSING"), rule(2, RawAction::drop, to_port(80))};
  table.attached_set = std::string("ALSO_MISSING");
  table.ignore_rules = {rule(1, RawAction::notrack)};
  CHECK(classify(table, kWeb) == RawVerdict::drop);
  CHECK(classify(table, kDns) == RawVerdict::notrack);
}

TEST_CASE("raw classifier: output rules never apply to forwarded packets") {
  RawTable table;
  table.output.default_action = RawAction::drop;
  table.output.rules = {rule(1, RawAction::notrack)};
  table.ignore_rules = {rule(1, RawAction::notrack, to_port(53))};
  CHECK(classify(table, kWeb) == RawVerdict::track);
  CHECK(classify(table, kDns) == RawVerdict::notrack);
}

TEST_CASE("raw classifier: ignore rules always mean notrack, whatever action they carry") {
  RawTable table;
  table.ignore_rules = {rule(1, RawAction::drop, to_port(80))};
  CHECK(classify(table, kWeb) == RawVerdict::notrack);
}

TEST_CASE("raw classifier: among 500 rules the first matching one by number wins") {
  RawTable table;
  table.prerouting.default_action = RawAction::drop;
  const RawAction actions[] = {RawAction::notrack, RawAction::reject, RawAction::accept};
  for (std::uint32_t i = 0; i < 500; ++i) {
    PacketMatch match;
    match.destination_port = ports({{static_cast<std::uint16_t>(1000 + i), static_cast<std::uint16_t>(1000 + i)}});
    if (i % 7 == 0) match.source_address = range(v4(10, 0, 0, 0), v4(10, 0, 0, 255));
    table.prerouting.rules.push_back(rule(10 * (i + 1), actions[i % 3], match));
  }
  // Rule 4985 comes before rules 4990 (notrack, port 1498) and 5000: ports 1498-1499 from 172.16.0.0/12.
  PacketMatch wide;
  wide.destination_port = ports({{1498, 1499}});
  wide.source_address = range(v4(172, 16, 0, 0), v4(172, 31, 255, 255));
  table.prerouting.rules.push_back(rule(4985, RawAction::reject, wide));
  const RawClassifier classifier = RawClassifier::compile(table, kInterfaces);
  for (std::uint32_t i = 0; i < 500; ++i) {
    const ParsedPacket p = packet({.dport = static_cast<std::uint16_t>(1000 + i)});
    const RawVerdict expected = i % 3 == 0 ? RawVerdict::notrack : i % 3 == 1 ? RawVerdict::reject : RawVerdict::track;
    CHECK(classifier.classify(p) == expected);
  }
  CHECK(classifier.classify(packet({.src = v4(10, 0, 1, 1), .dport = 1007})) == RawVerdict::drop);
  CHECK(classifier.classify(packet({.src = v4(172, 20, 0, 1), .dport = 1498})) == RawVerdict::reject);
  CHECK(classifier.classify(packet({.src = v4(172, 20, 0, 1), .dport = 1497})) == RawVerdict::drop);  // 10.0.0.x only
  CHECK(classifier.classify(packet({.dport = 999})) == RawVerdict::drop);
}

}  // namespace
}  // namespace ctsh::engine
