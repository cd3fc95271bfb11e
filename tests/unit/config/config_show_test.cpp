// render_show: configuration-mode `show` with + - > markers against running, at a level, and `show -all`.
#include <doctest/doctest.h>

#include "ctsh/cli/config_diff.hpp"
#include "set_replay.hpp"

using namespace ctsh::cli;
using ctsh::cli::testing::replay;

namespace {

const Schema& schema() { return Schema::embedded(); }

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
      "set firewall ipv4 name RAW rule 10 description \"Skip multicast\"",
      "set firewall ipv4 name RAW rule 30 action drop",
      "set system conntrack table-size 262144",
      "set system conntrack modules sip",
      "set system conntrack timeout tcp established 7200",
  });
  return tree;
}

}  // namespace

TEST_CASE("show marks added +, deleted -, changed > and leaves the rest unmarked") {
  CHECK(render_show(candidate(), running(), {}, schema(), {}) ==
        " firewall {\n"
        "     ipv4 {\n"
        "         name RAW {\n"
        ">            default-action drop\n"
        "             rule 10 {\n"
        "                 action notrack\n"
        "+                description \"Skip multicast\"\n"
        "             }\n"
        "-            rule 20 {\n"
        "-                action accept\n"
        "-            }\n"
        "+            rule 30 {\n"
        "+                action drop\n"
        "+            }\n"
        "         }\n"
        "     }\n"
        " }\n"
        " system {\n"
        "     conntrack {\n"
        "         modules {\n"
        "-            ftp\n"
        "+            sip\n"
        "         }\n"
        "         table-size 262144\n"
        "+        timeout {\n"
        "+            tcp {\n"
        "+                established 7200\n"
        "+            }\n"
        "+        }\n"
        "     }\n"
        " }\n");
}

TEST_CASE("show at a level prints that node's children at indent 0") {
  CHECK(render_show(candidate(), running(), {"firewall", "ipv4", "name", "RAW", "rule", "10"}, schema(), {}) ==
        " action notrack\n"
        "+description \"Skip multicast\"\n");
  CHECK(render_show(candidate(), running(), {"firewall", "ipv4", "name"}, schema(), {}).starts_with(" RAW {\n"));
  CHECK(render_show(candidate(), running(), {"system", "conntrack", "table-size"}, schema(), {}) ==
        " table-size 262144\n");
}

TEST_CASE("show of a path in neither tree is empty; of a deleted subtree, all -") {
  CHECK(render_show(candidate(), running(), {"system", "conntrack", "ignore"}, schema(), {}).empty());
  CHECK(render_show(candidate(), running(), {"firewall", "ipv4", "name", "RAW", "rule", "20"}, schema(), {}) ==
        "-action accept\n");
}

TEST_CASE("show quotes a value only when it is empty or holds a space, tab, newline or *}{;") {
  ConfigNode tree;
  tree.ensure({"a"}).set_leaf({"plain"});
  tree.ensure({"b"}).set_leaf({""});
  tree.ensure({"c"}).set_leaf({"x;y"});
  tree.ensure({"d"}).set_leaf({"say \"hi\""});
  CHECK(render_show(tree, tree, {}, schema(), {}) ==
        " a plain\n"
        " b \"\"\n"
        " c \"x;y\"\n"
        " d \"say \"hi\"\"\n");
}

TEST_CASE("show marks multi values: + new, - removed, > moved") {
  ConfigNode old_tree;
  old_tree.ensure({"member"}).set_leaf({"a", "b", "c"});
  ConfigNode new_tree;
  new_tree.ensure({"member"}).set_leaf({"a", "c", "d"});
  CHECK(render_show(new_tree, old_tree, {}, schema(), {}) ==
        " member a\n"
        ">member c\n"
        "+member d\n"
        "-member b\n");
}

TEST_CASE("show prints comments above their node, marked when they changed") {
  ConfigNode old_tree;
  old_tree.ensure({"box", "x"}).set_leaf({"1"});
  old_tree.ensure({"box"}).comment = "before";
  ConfigNode new_tree = old_tree;
  new_tree.ensure({"box"}).comment = "after";
  new_tree.ensure({"box", "x"}).comment = "new";
  CHECK(render_show(new_tree, old_tree, {}, schema(), {}) ==
        ">/* after */\n"
        " box {\n"
        "+    /* new */\n"
        "     x 1\n"
        " }\n");
}

TEST_CASE("show -all adds the schema's defaults without markers") {
  const ShowOptions all{.with_defaults = true};
  CHECK(render_show(ConfigNode{}, ConfigNode{}, {"system", "conntrack", "timeout", "udp"}, schema(), all) ==
        " other 30\n"
        " stream 180\n");
  CHECK(render_show(candidate(), running(), {"system", "conntrack", "timeout", "tcp"}, schema(), all) ==
        " close 10\n"
        " close-wait 60\n"
        ">established 7200\n"
        " fin-wait 120\n"
        " last-ack 30\n"
        " syn-recv 60\n"
        " syn-sent 120\n"
        " time-wait 120\n");
  CHECK(render_show(candidate(), running(), {"system", "conntrack", "timeout", "tcp"}, schema(), {}) ==
        "+established 7200\n");
}
