// to_commands: `show | commands` lines, and replaying them rebuilds the tree.
#include <doctest/doctest.h>

#include "ctsh/cli/config_formats.hpp"
#include "set_replay.hpp"

using namespace ctsh::cli;
using ctsh::cli::testing::replay;

namespace {

const std::vector<std::string> kIssueExample = {
    "set system conntrack table-size 262144",
    "set system conntrack timeout tcp established 7200",
    "set system conntrack timeout udp stream 180",
    "set system conntrack modules sip",
    "set system conntrack modules ftp",
    "set firewall ipv4 name RAW default-action accept",
    "set firewall ipv4 name RAW rule 10 action notrack",
    "set firewall ipv4 name RAW rule 10 destination address 224.0.0.0/4",
    "set firewall ipv4 name RAW rule 10 description \"Skip tracking for multicast\"",
    "set firewall ipv4 name RAW rule 2 action accept",
    "set firewall ipv4 input filter raw RAW",
};

}  // namespace

TEST_CASE("set lines come in tree order, values single-quoted, valueless leaves bare") {
  const ConfigNode tree = replay(kIssueExample);
  CHECK(to_commands(tree) == std::vector<std::string>{
                                 "set firewall ipv4 input filter raw 'RAW'",
                                 "set firewall ipv4 name RAW default-action 'accept'",
                                 "set firewall ipv4 name RAW rule 2 action 'accept'",
                                 "set firewall ipv4 name RAW rule 10 action 'notrack'",
                                 "set firewall ipv4 name RAW rule 10 description 'Skip tracking for multicast'",
                                 "set firewall ipv4 name RAW rule 10 destination address '224.0.0.0/4'",
                                 "set system conntrack modules ftp",
                                 "set system conntrack modules sip",
                                 "set system conntrack table-size '262144'",
                                 "set system conntrack timeout tcp established '7200'",
                                 "set system conntrack timeout udp stream '180'",
                             });
}

TEST_CASE("at an edit level the set lines are relative to it") {
  const ConfigNode tree = replay(kIssueExample);
  CHECK(to_commands(tree, {"firewall", "ipv4", "name", "RAW", "rule"}) ==
        std::vector<std::string>{
            "set 2 action 'accept'",
            "set 10 action 'notrack'",
            "set 10 description 'Skip tracking for multicast'",
            "set 10 destination address '224.0.0.0/4'",
        });
  CHECK(to_commands(tree, {"system", "conntrack", "table-size"}) == std::vector<std::string>{"set table-size '262144'"});
  CHECK(to_commands(tree, {"system", "nothing"}).empty());
}

TEST_CASE("empty containers and empty tag values are set on their own, so that replay keeps them") {
  const ConfigNode tree = replay({"set system conntrack ignore", "set firewall ipv4 name EMPTY"});
  CHECK(to_commands(tree) ==
        std::vector<std::string>{"set firewall ipv4 name EMPTY", "set system conntrack ignore"});
  CHECK(replay(to_commands(tree)) == tree);
}

TEST_CASE("a value holding a single quote is written in double quotes") {
  const ConfigNode tree = replay({"set firewall ipv4 name RAW description \"it's \\\"ours\\\"\""});
  const auto lines = to_commands(tree);
  CHECK(lines == std::vector<std::string>{"set firewall ipv4 name RAW description \"it's \\\"ours\\\"\""});
  CHECK(replay(lines) == tree);
}

TEST_CASE("replaying show | commands rebuilds the same tree") {
  const ConfigNode tree = replay(kIssueExample);
  CHECK(replay(to_commands(tree)) == tree);
}

TEST_CASE("replaying the commands of a parsed config.boot rebuilds the parsed tree") {
  auto parsed = parse_config_boot(
      "firewall {\n"
      "    ipv6 {\n"
      "        prerouting {\n"
      "            raw {\n"
      "                rule 5 {\n"
      "                    action \"notrack\"\n"
      "                    disable\n"
      "                    source {\n"
      "                        port \"22,80-90\"\n"
      "                    }\n"
      "                }\n"
      "            }\n"
      "        }\n"
      "    }\n"
      "}\n"
      "system {\n"
      "    conntrack {\n"
      "        flow-accounting\n"
      "        ignore {\n"
      "            ipv4 {\n"
      "                rule 1 {\n"
      "                    tcp {\n"
      "                        flags {\n"
      "                            syn\n"
      "                        }\n"
      "                    }\n"
      "                }\n"
      "            }\n"
      "        }\n"
      "    }\n"
      "}\n");
  REQUIRE(parsed.has_value());
  CHECK(replay(to_commands(*parsed)) == *parsed);
}
