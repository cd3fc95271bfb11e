// parse_config_boot: VyOS's config.boot grammar, its error messages, and robustness on hostile input.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "ctsh/cli/config_formats.hpp"

using namespace ctsh::cli;

namespace {

ConfigNode parsed(std::string_view text) {
  auto tree = parse_config_boot(text);
  REQUIRE_MESSAGE(tree.has_value(), (tree ? "" : tree.error().message));
  return *tree;
}

std::string parse_error(std::string_view text) {
  auto tree = parse_config_boot(text);
  REQUIRE_FALSE(tree.has_value());
  return tree.error().message;
}

}  // namespace

TEST_CASE("containers, tag values, leaves, valueless leaves and multi values are read as VyOS reads them") {
  const ConfigNode tree = parsed(
      "system {\n"
      "    conntrack {\n"
      "        modules {\n"
      "            ftp\n"
      "        }\n"
      "        table-size \"262144\"\n"
      "    }\n"
      "}\n"
      "firewall {\n"
      "    ipv4 {\n"
      "        name RAW {\n"
      "            rule 10 {\n"
      "                action \"notrack\"\n"
      "                source {\n"
      "                    port \"22\"\n"
      "                    port \"80\"\n"
      "                }\n"
      "            }\n"
      "        }\n"
      "    }\n"
      "}\n");
  const ConfigNode* ftp = tree.find({"system", "conntrack", "modules", "ftp"});
  REQUIRE(ftp != nullptr);
  CHECK(ftp->is_leaf);
  CHECK(ftp->values.empty());
  CHECK(tree.find({"system", "conntrack", "table-size"})->values == std::vector<std::string>{"262144"});
  const ConfigNode* name = tree.find({"firewall", "ipv4", "name"});
  REQUIRE(name != nullptr);
  CHECK(name->is_tag);
  CHECK(tree.find({"firewall", "ipv4", "name", "RAW", "rule"})->is_tag);
  CHECK_FALSE(tree.find({"firewall", "ipv4", "name", "RAW", "rule", "10"})->is_tag);
  CHECK(tree.find({"firewall", "ipv4", "name", "RAW", "rule", "10", "source", "port"})->values ==
        std::vector<std::string>{"22", "80"});
}

TEST_CASE("double- and single-quoted values unescape \\n \\t \\\" \\' \\\\ and \\/") {
  const ConfigNode tree = parsed("a \"x\\\"y\\\\z\\/\\n\\t\"\nb 'it\\'s'\nc \"two words\"\n");
  CHECK(tree.find({"a"})->values.front() == "x\"y\\z/\n\t");
  CHECK(tree.find({"b"})->values.front() == "it's");
  CHECK(tree.find({"c"})->values.front() == "two words");
}

TEST_CASE("a /* */ comment belongs to the node after it, including a tag value") {
  const ConfigNode tree = parsed(
      "/* main table */\n"
      "system {\n"
      "    /*   spaces trimmed   */\n"
      "    size \"1\"\n"
      "}\n"
      "rules {\n"
      "    /* first rule */\n"
      "    rule 10 {\n"
      "    }\n"
      "}\n");
  CHECK(tree.find({"system"})->comment == "main table");
  CHECK(tree.find({"system", "size"})->comment == "spaces trimmed");
  CHECK(tree.find({"rules", "rule", "10"})->comment == "first rule");
  CHECK_FALSE(tree.find({"rules", "rule"})->comment.has_value());
}

TEST_CASE("// line comments, such as the version footer, are ignored") {
  const ConfigNode tree = parsed(
      "system {\n"
      "    size \"1\" // trailing note\n"
      "}\n"
      "// Warning: Do not remove the following line.\n"
      "// vyos-config-version: \"conntrack@5:firewall@15\"\n"
      "// Release version: 1.4.0\n");
  CHECK(tree.children.size() == 1);
  CHECK(tree.find({"system", "size"})->values.front() == "1");
}

TEST_CASE("values containing slashes are values, not comments") {
  const ConfigNode tree = parsed("address 224.0.0.0/4\nurl http://example.com/x\n");
  CHECK(tree.find({"address"})->values.front() == "224.0.0.0/4");
  CHECK(tree.find({"url"})->values.front() == "http://example.com/x");
}

TEST_CASE("a VyOS-written system conntrack section loads: bare values, other indentation, older footer") {
  const ConfigNode tree = parsed(
      "system {\r\n"
      "  conntrack {\r\n"
      "\tmodules {\r\n"
      "\t\tftp\r\n"
      "\t\tsip\r\n"
      "\t}\r\n"
      "\ttable-size 262144\r\n"
      "\ttimeout {\r\n"
      "\t    tcp {\r\n"
      "\t\testablished 7200\r\n"
      "\t    }\r\n"
      "\t}\r\n"
      "  }\r\n"
      "}\r\n"
      "/* Warning: Do not remove the following line. */\n"
      "/* === vyatta-config-version: \"conntrack@1\" === */\n"
      "/* Release version: 1.2.8 */\n");
  CHECK(tree.find({"system", "conntrack", "table-size"})->values.front() == "262144");
  CHECK(tree.find({"system", "conntrack", "timeout", "tcp", "established"})->values.front() == "7200");
  CHECK(tree.find({"system", "conntrack", "modules", "sip"})->is_leaf);
}

TEST_CASE("two blocks with the same name are refused with VyOS's message and the line") {
  CHECK(parse_error("system {\n    conntrack {\n    }\n    conntrack {\n    }\n}\n") ==
        "line 4: Node \"system\" has two children named \"conntrack\"");
  CHECK(parse_error("fw {\n    rule 10 {\n    }\n    rule 10 {\n    }\n}\n") ==
        "line 4: Node \"fw rule\" has two children named \"10\"");
  CHECK(parse_error("a {\n}\na {\n}\n") == "line 3: the top level has two nodes named \"a\"");
  CHECK(parse_error("a {\n    b \"1\"\n    b {\n    }\n}\n") == "line 3: Node \"a\" has two children named \"b\"");
}

TEST_CASE("malformed files are refused with the line and what is wrong") {
  CHECK(parse_error("system {\n    conntrack {\n    }\n") ==
        "line 4: expected '}' before end of file (\"system\" opened on line 1)");
  CHECK(parse_error("a \"1\"\n}\n") == "line 2: '}' without a block to close");
  CHECK(parse_error("{\n}\n") == "line 1: '{' without a node name before it");
  CHECK(parse_error("a \"unterminated\n\n") == "line 1: quoted value opened with \" is never closed");
  CHECK(parse_error("\n/* never closed\n") == "line 2: comment \"/*\" is never closed with \"*/\"");
  CHECK(parse_error("a \"bad \\q escape\"\n") ==
        "line 1: unknown escape \"\\q\" in a quoted value (write \\\\ for a backslash)");
  CHECK(parse_error("a b c\n") == "line 1: unexpected \"c\" after \"a\": a line holds one node and at most one value");
  CHECK(parse_error("a /* x */\n") == "line 1: unexpected comment after \"a\": a line holds one node and at most one value");
  CHECK(parse_error(std::string("a {\n  b \"x\0y\"\n}\n", 15)) == "line 2: NUL byte in a quoted value");
  CHECK(parse_error(std::string("a\0\n", 3)) == "line 1: NUL byte in the file");
}

TEST_CASE("nesting 10000 levels deep is refused with a message, not a stack overflow") {
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "a {\n";
  for (int i = 0; i < 10000; ++i) deep += "}\n";
  CHECK(parse_error(deep) == "line 129: blocks nested deeper than 128 levels");
}

TEST_CASE("every truncation of a valid file parses or fails with a line number") {
  const std::string valid =
      "/* c */\nsystem {\n    conntrack {\n        table-size \"262144\"\n        modules {\n            ftp\n"
      "        }\n    }\n}\nfw {\n    rule 10 {\n        action 'x y'\n    }\n}\n// footer\n";
  for (std::size_t length = 0; length <= valid.size(); ++length) {
    auto tree = parse_config_boot(std::string_view(valid).substr(0, length));
    if (!tree) CHECK_MESSAGE(tree.error().message.starts_with("line "), tree.error().message);
  }
}

TEST_CASE("a megabyte of random bytes never crashes or hangs the parser") {
  std::mt19937 random(20240611);
  const std::string_view alphabet = "ab {}\"'\\/*\n\tx";
  for (int round = 0; round < 6; ++round) {
    std::string garbage(1 << 20, ' ');
    for (char& c : garbage) {
      // Some rounds draw from the grammar's own characters, so that the parser gets deep into it.
      c = round % 2 == 0 ? static_cast<char>(random() & 0xff) : alphabet[random() % alphabet.size()];
      if (round % 3 == 2 && c == '\0') c = 'n';
    }
    auto tree = parse_config_boot(garbage);
    if (!tree) CHECK(tree.error().message.starts_with("line "));
  }
}

TEST_CASE("a megabyte of valid leaves parses completely") {
  std::string big;
  while (big.size() < (1u << 20)) big += "leaf-" + std::to_string(big.size()) + " \"value\"\n";
  const ConfigNode tree = parsed(big);
  CHECK(tree.children.size() > 30000);
}
