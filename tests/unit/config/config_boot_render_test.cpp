// render_config_boot: VyOS's saver format, byte-for-byte round trips, numeric-aware order.
#include <doctest/doctest.h>

#include <string>

#include "ctsh/cli/config_formats.hpp"

using namespace ctsh::cli;

namespace {

const std::string kFooter =
    "// Warning: Do not remove the following line.\n"
    "// vyos-config-version: \"conntrack@5:firewall@15\"\n"
    "// Release version: ctsh 0.1.0\n";

const std::string kCanonical =
    "firewall {\n"
    "    ipv4 {\n"
    "        input {\n"
    "            filter {\n"
    "                raw \"RAW\"\n"
    "            }\n"
    "        }\n"
    "        name RAW {\n"
    "            default-action \"accept\"\n"
    "            /* management first */\n"
    "            rule 2 {\n"
    "                action \"accept\"\n"
    "                destination {\n"
    "                    port \"22\"\n"
    "                    port \"80\"\n"
    "                }\n"
    "            }\n"
    "            rule 10 {\n"
    "                action \"notrack\"\n"
    "                description \"Skip \\\"multicast\\\" \\\\ all\"\n"
    "                destination {\n"
    "                    address \"224.0.0.0/4\"\n"
    "                }\n"
    "            }\n"
    "        }\n"
    "    }\n"
    "}\n"
    "system {\n"
    "    conntrack {\n"
    "        ignore {\n"
    "        }\n"
    "        /* helpers */\n"
    "        modules {\n"
    "            ftp\n"
    "            sip\n"
    "        }\n"
    "        table-size \"262144\"\n"
    "    }\n"
    "}\n" +
    kFooter;

ConfigNode parsed(std::string_view text) {
  auto tree = parse_config_boot(text);
  REQUIRE_MESSAGE(tree.has_value(), (tree ? "" : tree.error().message));
  return *tree;
}

}  // namespace

TEST_CASE("canonical config.boot round-trips byte for byte") {
  CHECK(render_config_boot(parsed(kCanonical)) == kCanonical);
}

TEST_CASE("an empty tree renders as the version footer alone") { CHECK(render_config_boot(ConfigNode{}) == kFooter); }

TEST_CASE("rule 2 is written before rule 10 whatever order they were added in") {
  ConfigNode tree;
  ConfigNode& rule = tree.ensure({"name", "X", "rule"});
  rule.is_tag = true;
  rule.ensure({"10", "action"}).set_leaf({"drop"});
  rule.ensure({"2", "action"}).set_leaf({"accept"});
  tree.find({"name"})->is_tag = true;
  const std::string text = render_config_boot(tree);
  CHECK(text ==
        "name X {\n"
        "    rule 2 {\n"
        "        action \"accept\"\n"
        "    }\n"
        "    rule 10 {\n"
        "        action \"drop\"\n"
        "    }\n"
        "}\n" +
            kFooter);
}

TEST_CASE("values with quotes, backslashes, newlines or nothing survive render then parse") {
  ConfigNode tree;
  tree.ensure({"a", "description"}).set_leaf({"say \"hi\"\\ now\nnext line"});
  tree.ensure({"a", "empty"}).set_leaf({""});
  ConfigNode& group = tree.ensure({"a", "group"});
  group.is_tag = true;
  group.ensure({"two words", "note"}).set_leaf({"x"});
  group.children["two words"].comment = "odd name";
  tree.ensure({"a", "valueless"}).set_leaf({});
  tree.ensure({"a", "multi"}).set_leaf({"z", "a", "m"});
  CHECK(parsed(render_config_boot(tree)) == tree);
}

TEST_CASE("a VyOS-written section is rewritten in the canonical form: quoted values, 4 spaces, our footer") {
  const ConfigNode tree = parsed(
      "system {\n"
      "  conntrack {\n"
      "\ttable-size 262144\n"
      "\tmodules {\n"
      "\t\tftp\n"
      "\t}\n"
      "  }\n"
      "}\n"
      "// vyos-config-version: \"conntrack@3\"\n");
  CHECK(render_config_boot(tree) ==
        "system {\n"
        "    conntrack {\n"
        "        modules {\n"
        "            ftp\n"
        "        }\n"
        "        table-size \"262144\"\n"
        "    }\n"
        "}\n" +
            kFooter);
}
