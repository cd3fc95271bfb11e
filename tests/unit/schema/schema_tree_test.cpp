// Schema loader: the tree of schema/ctsh.schema.json, its kinds, help, defaults and path resolution.
#include <doctest/doctest.h>

#include <stdexcept>

#include <fmt/ranges.h>

#include "ctsh/cli/schema.hpp"

using namespace ctsh::cli;

namespace {

const SchemaNode& node_for(const Path& path) {
  const SchemaNode* node = Schema::embedded().node_at(path);
  REQUIRE_MESSAGE(node != nullptr, fmt::format("{}", fmt::join(path, " ")));
  return *node;
}

}  // namespace

TEST_CASE("every path of the issue's example batch resolves with its value") {
  const std::vector<Path> batch = {
      {"system", "conntrack", "table-size", "262144"},
      {"system", "conntrack", "hash-size", "65536"},
      {"system", "conntrack", "timeout", "tcp", "established", "7200"},
      {"system", "conntrack", "timeout", "tcp", "close", "10"},
      {"system", "conntrack", "timeout", "tcp", "close-wait", "60"},
      {"system", "conntrack", "timeout", "tcp", "fin-wait", "120"},
      {"system", "conntrack", "timeout", "tcp", "last-ack", "30"},
      {"system", "conntrack", "timeout", "tcp", "syn-recv", "60"},
      {"system", "conntrack", "timeout", "tcp", "syn-sent", "120"},
      {"system", "conntrack", "timeout", "tcp", "time-wait", "120"},
      {"system", "conntrack", "timeout", "udp", "other", "30"},
      {"system", "conntrack", "timeout", "udp", "stream", "180"},
      {"system", "conntrack", "timeout", "icmp", "30"},
      {"system", "conntrack", "modules", "ftp"},
      {"system", "conntrack", "modules", "sip"},
      {"firewall", "ipv4", "name", "RAW", "default-action", "accept"},
      {"firewall", "ipv4", "name", "RAW", "rule", "10", "action", "notrack"},
      {"firewall", "ipv4", "name", "RAW", "rule", "10", "destination", "address", "224.0.0.0/4"},
      {"firewall", "ipv4", "name", "RAW", "rule", "10", "description", "Skip tracking for multicast"},
      {"firewall", "ipv4", "input", "filter", "raw", "RAW"},
  };
  for (const Path& words : batch) {
    CAPTURE(fmt::format("{}", fmt::join(words, " ")));
    const PathResolution found = Schema::embedded().resolve(words);
    CHECK(found.invalid_at == words.size());
    CHECK_FALSE(found.value_error.has_value());
    REQUIRE(found.node != nullptr);
    if (found.node->kind == NodeKind::valueless) {
      CHECK_FALSE(found.value.has_value());
      CHECK(found.node_path == words);
    } else {
      REQUIRE(found.value.has_value());
      CHECK(*found.value == words.back());
      CHECK(found.node_path == Path(words.begin(), words.end() - 1));
    }
  }
}

TEST_CASE("node kinds follow the schema conventions") {
  CHECK(Schema::embedded().root().kind == NodeKind::container);
  CHECK(node_for({"system", "conntrack"}).kind == NodeKind::container);
  CHECK(node_for({"system", "conntrack", "table-size"}).kind == NodeKind::leaf);
  CHECK(node_for({"system", "conntrack", "flow-accounting"}).kind == NodeKind::valueless);
  CHECK(node_for({"system", "conntrack", "modules", "h323"}).kind == NodeKind::valueless);
  CHECK(node_for({"system", "conntrack", "ignore", "ipv4", "rule"}).kind == NodeKind::tag);
  CHECK(node_for({"firewall", "ipv6", "name"}).kind == NodeKind::tag);
  CHECK(node_for({"firewall", "ipv4", "name", "X", "rule", "5", "disable"}).kind == NodeKind::valueless);
  CHECK(node_for({"system", "conntrack", "ignore", "ipv6", "rule", "1", "tcp", "flags", "not", "cwr"}).kind ==
        NodeKind::valueless);
  CHECK(node_for({"system", "conntrack", "timeout", "custom", "ipv6", "rule", "1", "protocol", "udp", "replied"}).kind ==
        NodeKind::leaf);
}

TEST_CASE("children keep the schema's declaration order") {
  std::vector<std::string> names;
  for (const auto& module : node_for({"system", "conntrack", "modules"}).children()) names.push_back(module->name);
  CHECK(names == std::vector<std::string>{"ftp", "h323", "nfs", "pptp", "rtsp", "sip", "sqlnet", "tftp"});
}

TEST_CASE("help texts are VyOS's") {
  CHECK(node_for({"system"}).help == "System parameters");
  CHECK(node_for({"firewall"}).help == "Firewall");
  CHECK(node_for({"system", "conntrack"}).help == "Connection Tracking Engine Options");
  CHECK(node_for({"system", "conntrack", "table-size"}).help == "Size of connection tracking table");
  CHECK(node_for({"system", "conntrack", "hash-size"}).help == "Hash size for connection tracking table");
  CHECK(node_for({"system", "conntrack", "modules", "sqlnet"}).help == "SQLnet connection tracking");
  CHECK(node_for({"system", "conntrack", "timeout", "tcp", "syn-recv"}).help == "TCP SYN-RECEIVED timeout in seconds");
  CHECK(node_for({"system", "conntrack", "ignore"}).help == "Customized rules to ignore selective connection tracking");
  CHECK(node_for({"system", "conntrack", "ignore", "ipv4", "rule", "1", "inbound-interface"}).help ==
        "Interface to ignore connections tracking on");
  CHECK(node_for({"system", "conntrack", "tcp", "loose"}).help == "Policy to track previously established connections");
  CHECK(node_for({"system", "conntrack", "ignore", "ipv4", "rule", "1", "source"}).help == "Source parameters");
  CHECK(node_for({"system", "conntrack", "ignore", "ipv4", "rule", "1", "destination"}).help == "Destination parameters");
}

TEST_CASE("defaults are VyOS 1.4's, and only leaves have them") {
  CHECK(node_for({"system", "conntrack", "table-size"}).default_value == "262144");
  CHECK(node_for({"system", "conntrack", "hash-size"}).default_value == "32768");
  CHECK(node_for({"system", "conntrack", "expect-table-size"}).default_value == "2048");
  CHECK(node_for({"system", "conntrack", "timeout", "tcp", "established"}).default_value == "432000");
  CHECK(node_for({"system", "conntrack", "timeout", "udp", "stream"}).default_value == "180");
  CHECK(node_for({"system", "conntrack", "timeout", "other"}).default_value == "600");
  CHECK(node_for({"system", "conntrack", "tcp", "half-open-connections"}).default_value == "512");
  CHECK(node_for({"system", "conntrack", "tcp", "loose"}).default_value == "enable");
  CHECK(node_for({"system", "conntrack", "tcp", "max-retrans"}).default_value == "3");
  CHECK(node_for({"firewall", "ipv4", "prerouting", "raw", "default-action"}).default_value == "accept");
  CHECK(node_for({"firewall", "ipv4", "name", "X", "default-action"}).default_value == "drop");
  CHECK_FALSE(node_for({"system", "conntrack", "timeout", "custom", "ipv4", "rule", "1", "protocol", "tcp", "close"})
                  .default_value.has_value());
  CHECK_FALSE(node_for({"system", "conntrack"}).default_value.has_value());
}

TEST_CASE("value help derives u32:A-B from minimum and maximum") {
  const auto& table_size = node_for({"system", "conntrack", "table-size"});
  REQUIRE(table_size.value_help.size() == 1);
  CHECK(table_size.value_help[0].format == "u32:1-50000000");
  CHECK(table_size.value_help[0].description == "Number of entries allowed in connection tracking table");
  CHECK(table_size.value_type == ValueType::integer);
  CHECK(node_for({"system", "conntrack", "tcp", "max-retrans"}).value_help.at(0).format == "u32:1-255");
  CHECK(node_for({"system", "conntrack", "timeout", "icmp"}).value_help.at(0).format == "u32:1-21474836");
  const auto& rule = node_for({"system", "conntrack", "ignore", "ipv4", "rule"});
  CHECK(rule.value_help.at(0).format == "u32:1-999999");
  CHECK(rule.value_help.at(0).description == "Number of conntrack ignore rule");
  CHECK(rule.value_type == ValueType::integer);
}

TEST_CASE("enum leaves list their words for completion") {
  const auto& loose = node_for({"system", "conntrack", "tcp", "loose"});
  CHECK(loose.completions == std::vector<std::string>{"enable", "disable"});
  CHECK(loose.value_type == ValueType::string);
  CHECK(node_for({"firewall", "ipv4", "name", "X", "rule", "1", "action"}).completions.size() == 6);
}

TEST_CASE("resolve stops at the first word that does not fit") {
  const Schema& schema = Schema::embedded();
  SUBCASE("an unknown node name") {
    const auto found = schema.resolve({"system", "conntrack", "foo"});
    CHECK(found.invalid_at == 2);
    CHECK(found.node->name == "conntrack");
    CHECK_FALSE(found.value_error.has_value());
  }
  SUBCASE("a value that fails its check carries the reason") {
    const auto found = schema.resolve({"system", "conntrack", "table-size", "0"});
    CHECK(found.invalid_at == 3);
    REQUIRE(found.value_error.has_value());
    CHECK(found.value_error->lines ==
          std::vector<std::string>{"Number is not in any of allowed ranges", "Invalid value"});
  }
  SUBCASE("a bad tag value") {
    const auto found = schema.resolve({"system", "conntrack", "ignore", "ipv4", "rule", "0", "description", "x"});
    CHECK(found.invalid_at == 5);
    CHECK(found.node->name == "rule");
    REQUIRE(found.value_error.has_value());
    CHECK(found.value_error->lines.back() == "Ignore rule number must be between 1 and 999999");
  }
  SUBCASE("a word after a leaf's value") {
    CHECK(schema.resolve({"system", "conntrack", "table-size", "5", "6"}).invalid_at == 4);
  }
  SUBCASE("a word after a valueless leaf") {
    CHECK(schema.resolve({"system", "conntrack", "modules", "ftp", "yes"}).invalid_at == 4);
  }
  SUBCASE("a path ending on a tag value") {
    const auto found = schema.resolve({"firewall", "ipv4", "name", "RAW"});
    CHECK(found.invalid_at == 4);
    CHECK(found.tag_value_given);
    CHECK(found.node->kind == NodeKind::tag);
    CHECK(found.node_path == Path{"firewall", "ipv4", "name", "RAW"});
  }
  SUBCASE("a path ending on a tag node without a value") {
    const auto found = schema.resolve({"firewall", "ipv4", "name"});
    CHECK(found.invalid_at == 3);
    CHECK_FALSE(found.tag_value_given);
    CHECK_FALSE(found.value.has_value());
  }
  SUBCASE("a tag value named like its tag node is still a value") {
    const auto found = schema.resolve({"firewall", "ipv4", "name", "name", "rule", "1"});
    CHECK(found.invalid_at == 6);
    CHECK(found.node_path == Path{"firewall", "ipv4", "name", "name", "rule", "1"});
  }
}

TEST_CASE("node_at walks tree paths with tag values and refuses unknown ones") {
  const Schema& schema = Schema::embedded();
  CHECK(schema.node_at({}) == &schema.root());
  CHECK(schema.node_at({"firewall", "ipv4", "name", "RAW"})->name == "name");
  CHECK(schema.node_at({"firewall", "ipv4", "name", "RAW", "rule", "10", "action"})->name == "action");
  CHECK(schema.node_at({"firewall", "ipv4", "name", "RAW", "bogus"}) == nullptr);
  CHECK(schema.node_at({"interfaces"}) == nullptr);
  CHECK(schema.node_at({"system", "conntrack", "table-size", "5"}) == nullptr);
}

TEST_CASE("a schema that breaks the conventions is refused with the node named") {
  CHECK_THROWS_WITH_AS(Schema::from_json(R"({"type":"object","properties":{"a":{"type":"boolean"}}})"),
                       doctest::Contains("/properties/a"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      Schema::from_json(R"({"type":"object","properties":{"a":{"type":"string","x-validator":"nope"}}})"),
      doctest::Contains("unknown x-validator \"nope\""), std::invalid_argument);
  CHECK_THROWS_WITH_AS(Schema::from_json(R"({"type":"object","properties":{"a":{"$ref":"#/definitions/missing"}}})"),
                       doctest::Contains("does not exist"), std::invalid_argument);
  CHECK_THROWS_AS(Schema::from_json(R"({"definitions":{"a":{"$ref":"#/definitions/a"}},"$ref":"#/definitions/a"})"),
                  std::invalid_argument);
}
