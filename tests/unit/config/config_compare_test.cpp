// render_compare / render_compare_commands: VyOS's `compare` sections and `compare commands` lines.
#include <doctest/doctest.h>

#include "ctsh/cli/config_diff.hpp"
#include "set_replay.hpp"

using namespace ctsh::cli;
using ctsh::cli::testing::replay;

namespace {

const ConfigNode& running() {
  static const ConfigNode tree = replay({
      "set firewall ipv4 name RAW default-action accept",
      "set firewall ipv4 name RAW rule 10 action notrack",
      "set firewall ipv4 name RAW rule 20 action accept",
      "set system conntrack table-size 262144",
      "set system conntrack modules ftp",
  });
  return tree;
}

const ConfigNode& candidate() {
  static const ConfigNode tree = replay({
      "set firewall ipv4 name RAW default-action drop",
      "set firewall ipv4 name RAW rule 10 action notrack",
      "set firewall ipv4 name RAW rule 10 description multicast",
      "set firewall ipv4 name RAW rule 30 action drop",
      "set system conntrack table-size 262144",
      "set system conntrack modules sip",
      "set system conntrack timeout tcp established 7200",
  });
  return tree;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

}  // namespace

TEST_CASE("compare prints a [path] section per changed node, config.boot lines marked + and -") {
  CHECK(render_compare(running(), candidate()) ==
        "[firewall ipv4 name RAW]\n"
        "- default-action \"accept\"\n"
        "+ default-action \"drop\"\n"
        "- rule 20 {\n"
        "-     action \"accept\"\n"
        "- }\n"
        "+ rule 30 {\n"
        "+     action \"drop\"\n"
        "+ }\n"
        "\n"
        "[firewall ipv4 name RAW rule 10]\n"
        "+ description \"multicast\"\n"
        "\n"
        "[system conntrack]\n"
        "+ timeout {\n"
        "+     tcp {\n"
        "+         established \"7200\"\n"
        "+     }\n"
        "+ }\n"
        "\n"
        "[system conntrack modules]\n"
        "- ftp\n"
        "+ sip\n");
}

TEST_CASE("compare of equal trees is empty") { CHECK(render_compare(candidate(), candidate()).empty()); }

TEST_CASE("changes at the top level have no header") {
  CHECK(render_compare(ConfigNode{}, replay({"set system conntrack table-size 1024"})) ==
        "+ system {\n"
        "+     conntrack {\n"
        "+         table-size \"1024\"\n"
        "+     }\n"
        "+ }\n");
}

TEST_CASE("compare shows a multi value's removed then added values, and comment changes") {
  ConfigNode from;
  from.ensure({"group", "member"}).set_leaf({"a", "b", "c"});
  from.ensure({"group", "box"}).comment = "old note";
  ConfigNode to;
  to.ensure({"group", "member"}).set_leaf({"a", "c", "d"});
  to.ensure({"group", "box"}).comment = "new note";
  CHECK(render_compare(from, to) ==
        "[group]\n"
        "- /* old note */\n"
        "+ /* new note */\n"
        "  box\n"
        "- member \"b\"\n"
        "+ member \"d\"\n");
}

TEST_CASE("compare commands lists every delete, then every set") {
  CHECK(render_compare_commands(running(), candidate()) ==
        "delete firewall ipv4 name RAW rule 20\n"
        "delete system conntrack modules ftp\n"
        "set firewall ipv4 name RAW default-action 'drop'\n"
        "set firewall ipv4 name RAW rule 10 description 'multicast'\n"
        "set firewall ipv4 name RAW rule 30 action 'drop'\n"
        "set system conntrack modules sip\n"
        "set system conntrack timeout tcp established '7200'\n");
  CHECK(render_compare_commands(running(), running()).empty());
}

TEST_CASE("compare commands deletes only the top-most removed node") {
  CHECK(render_compare_commands(running(), replay({"set system conntrack table-size 262144"})) ==
        "delete firewall\n"
        "delete system conntrack modules\n");
}

TEST_CASE("replaying compare commands on the old tree gives the new tree") {
  const std::vector<std::pair<ConfigNode, ConfigNode>> cases = {
      {running(), candidate()},
      {candidate(), running()},
      {ConfigNode{}, candidate()},
      {candidate(), ConfigNode{}},
      // A container emptied but kept, and an emptied tag value kept.
      {replay({"set system conntrack ignore ipv4 rule 1 protocol tcp",
               "set firewall ipv4 name A rule 1 action drop"}),
       replay({"set system conntrack ignore", "set firewall ipv4 name A"})},
      // A valueless leaf appearing beside an unchanged one.
      {replay({"set system conntrack modules ftp"}),
       replay({"set system conntrack modules ftp", "set system conntrack flow-accounting"})},
  };
  for (const auto& [from, to] : cases) {
    CHECK(replay(lines_of(render_compare_commands(from, to)), from) == to);
  }
}

TEST_CASE("compare commands rewrites a multi value whose old values are not kept in order") {
  ConfigNode from;
  from.ensure({"group", "member"}).set_leaf({"a", "b"});
  ConfigNode appended;
  appended.ensure({"group", "member"}).set_leaf({"a", "b", "c"});
  ConfigNode reordered;
  reordered.ensure({"group", "member"}).set_leaf({"b", "a"});
  CHECK(render_compare_commands(from, appended) == "set group member 'c'\n");
  CHECK(render_compare_commands(from, reordered) ==
        "delete group member\n"
        "set group member 'b'\n"
        "set group member 'a'\n");
}
