// unknown_paths, apply_schema_kinds, with_defaults and the VyOS 1.5 timeout migration.
#include <doctest/doctest.h>

#include "ctsh/cli/config_diff.hpp"
#include "ctsh/cli/config_formats.hpp"
#include "set_replay.hpp"

using namespace ctsh::cli;
using ctsh::cli::testing::replay;

namespace {

const Schema& schema() { return Schema::embedded(); }

ConfigNode parsed(std::string_view text) {
  auto tree = parse_config_boot(text);
  REQUIRE_MESSAGE(tree.has_value(), (tree ? "" : tree.error().message));
  return *tree;
}

}  // namespace

TEST_CASE("unknown_paths names each place where a VyOS file leaves the schema") {
  const ConfigNode tree = parsed(
      "interfaces {\n    ethernet eth0 {\n        address \"dhcp\"\n    }\n}\n"
      "service {\n    ssh {\n    }\n}\n"
      "system {\n"
      "    conntrack {\n"
      "        table-size \"1024\"\n"
      "        ignore {\n            ipv4 {\n                rule 5 {\n                    color \"red\"\n"
      "                }\n            }\n        }\n"
      "    }\n"
      "    host-name \"vyos\"\n"
      "}\n");
  CHECK(unknown_paths(tree, schema()) == std::vector<Path>{
                                             {"interfaces"},
                                             {"service"},
                                             {"system", "conntrack", "ignore", "ipv4", "rule", "5", "color"},
                                             {"system", "host-name"},
                                         });
  CHECK(unknown_paths(replay({"set system conntrack table-size 1024"}), schema()).empty());
}

TEST_CASE("apply_schema_kinds turns schema-less shapes into tag nodes, containers and leaves") {
  ConfigNode tree = parsed(
      "system {\n"
      "    conntrack {\n"
      "        modules {\n            ftp {\n            }\n        }\n"
      "        ignore\n"
      "    }\n"
      "}\n"
      "firewall {\n    ipv4 {\n        name RAW\n        prerouting {\n            raw {\n"
      "                rule {\n                    10 {\n                        action \"drop\"\n"
      "                    }\n                }\n            }\n        }\n    }\n}\n");
  apply_schema_kinds(tree, schema());
  CHECK(tree == replay({
                    "set system conntrack modules ftp",
                    "set system conntrack ignore",
                    "set firewall ipv4 name RAW",
                    "set firewall ipv4 prerouting raw rule 10 action drop",
                }));
}

TEST_CASE("with_defaults fills system conntrack's defaults even in an empty tree") {
  const ConfigNode effective = with_defaults(ConfigNode{}, schema());
  CHECK(effective.find({"system", "conntrack", "timeout", "tcp", "established"})->values ==
        std::vector<std::string>{"432000"});
  CHECK(effective.find({"system", "conntrack", "table-size"})->values == std::vector<std::string>{"262144"});
  CHECK(effective.find({"firewall"}) == nullptr);
  CHECK(effective.find({"system", "conntrack", "ignore"}) == nullptr);
}

TEST_CASE("with_defaults keeps configured values and fills defaults only inside existing firewall nodes") {
  const ConfigNode effective = with_defaults(replay({
                                                 "set system conntrack table-size 1024",
                                                 "set firewall ipv4 name X rule 1 action drop",
                                                 "set firewall ipv6 prerouting raw rule 1 action notrack",
                                             }),
                                             schema());
  CHECK(effective.find({"system", "conntrack", "table-size"})->values == std::vector<std::string>{"1024"});
  CHECK(effective.find({"firewall", "ipv4", "name", "X", "default-action"})->values == std::vector<std::string>{"drop"});
  CHECK(effective.find({"firewall", "ipv6", "prerouting", "raw", "default-action"})->values ==
        std::vector<std::string>{"accept"});
  CHECK(effective.find({"firewall", "ipv4", "prerouting"}) == nullptr);
  CHECK(effective.find({"firewall", "ipv6", "output"}) == nullptr);
}

TEST_CASE("VyOS 1.5 firewall global-options timeouts move to system conntrack timeout") {
  ConfigNode tree = parsed(
      "firewall {\n    global-options {\n        timeout {\n            icmp \"20\"\n"
      "            tcp {\n                close \"5\"\n                established \"3600\"\n            }\n"
      "            udp {\n                stream \"100\"\n            }\n        }\n    }\n}\n"
      "system {\n    conntrack {\n        timeout {\n            tcp {\n                close \"7\"\n"
      "            }\n        }\n    }\n}\n");
  CHECK(migrate_vyos15_timeouts(tree));
  CHECK(tree == replay({
                    "set system conntrack timeout icmp 20",
                    "set system conntrack timeout tcp close 7",
                    "set system conntrack timeout tcp established 3600",
                    "set system conntrack timeout udp stream 100",
                }));
}

TEST_CASE("the migration keeps other global-options and leaves trees without them alone") {
  ConfigNode tree = parsed(
      "firewall {\n    global-options {\n        all-ping \"enable\"\n        timeout {\n            other \"60\"\n"
      "        }\n    }\n}\n");
  CHECK(migrate_vyos15_timeouts(tree));
  CHECK(tree.find({"firewall", "global-options", "all-ping"}) != nullptr);
  CHECK(tree.find({"firewall", "global-options", "timeout"}) == nullptr);
  CHECK(tree.find({"system", "conntrack", "timeout", "other"})->values == std::vector<std::string>{"60"});
  ConfigNode untouched = replay({"set system conntrack table-size 1024"});
  const ConfigNode before = untouched;
  CHECK_FALSE(migrate_vyos15_timeouts(untouched));
  CHECK(untouched == before);
}
