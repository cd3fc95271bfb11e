// to_typed_json / from_json: typed JSON out, typed or VyOS all-strings JSON in, and the config.boot round trip.
#include <doctest/doctest.h>

#include "ctsh/cli/config_formats.hpp"
#include "set_replay.hpp"

using namespace ctsh::cli;
using ctsh::cli::testing::replay;
using nlohmann::json;

namespace {

const Schema& schema() { return Schema::embedded(); }

const ConfigNode& example() {
  static const ConfigNode tree = replay({
      "set system conntrack table-size 262144",
      "set system conntrack modules ftp",
      "set system conntrack timeout tcp established 7200",
      "set system conntrack tcp loose disable",
      "set firewall ipv4 name RAW default-action accept",
      "set firewall ipv4 name RAW rule 10 action notrack",
      "set firewall ipv4 name RAW rule 10 destination address 224.0.0.0/4",
      "set firewall ipv4 name RAW rule 10 disable",
  });
  return tree;
}

std::string error_of(const json& document) {
  auto tree = from_json(document, schema());
  REQUIRE_FALSE(tree.has_value());
  return tree.error().message;
}

}  // namespace

TEST_CASE("typed JSON has numbers for integer leaves, {} for valueless ones, objects keyed by tag value") {
  CHECK(to_typed_json(example(), schema()) == json::parse(R"({
    "firewall": {"ipv4": {"name": {"RAW": {
      "default-action": "accept",
      "rule": {"10": {"action": "notrack", "destination": {"address": "224.0.0.0/4"}, "disable": {}}}}}}},
    "system": {"conntrack": {
      "modules": {"ftp": {}},
      "table-size": 262144,
      "tcp": {"loose": "disable"},
      "timeout": {"tcp": {"established": 7200}}}}})"));
}

TEST_CASE("an integer leaf holding a non-number stays a string, for the validator to report") {
  const ConfigNode tree = replay({"set system conntrack table-size 12x"});
  CHECK(to_typed_json(tree, schema())["system"]["conntrack"]["table-size"] == "12x");
}

TEST_CASE("typed JSON reads back into the same tree") {
  auto tree = from_json(to_typed_json(example(), schema()), schema());
  REQUIRE(tree.has_value());
  CHECK(*tree == example());
}

TEST_CASE("VyOS's all-strings JSON reads into the same tree, valueless as {}, \"\" or null") {
  auto tree = from_json(json::parse(R"({
    "firewall": {"ipv4": {"name": {"RAW": {
      "default-action": "accept",
      "rule": {"10": {"action": "notrack", "destination": {"address": "224.0.0.0/4"}, "disable": null}}}}}},
    "system": {"conntrack": {
      "modules": {"ftp": ""},
      "table-size": "262144",
      "tcp": {"loose": "disable"},
      "timeout": {"tcp": {"established": "7200"}}}}})"),
                        schema());
  REQUIRE(tree.has_value());
  CHECK(*tree == example());
}

TEST_CASE("config.boot to JSON and back renders the same config.boot") {
  const std::string text = render_config_boot(example());
  auto parsed = parse_config_boot(text);
  REQUIRE(parsed.has_value());
  auto from_typed = from_json(to_typed_json(*parsed, schema()), schema());
  REQUIRE(from_typed.has_value());
  CHECK(render_config_boot(*from_typed) == text);
}

TEST_CASE("JSON with paths outside the schema is refused, naming every one of them") {
  CHECK(error_of(json::parse(R"({"interfaces": {"ethernet": {}}, "system": {"conntrack": {"bogus": "1"}}})")) ==
        "not part of the configuration tree: \"interfaces\", \"system conntrack bogus\"");
}

TEST_CASE("JSON values of the wrong shape are refused, naming the path") {
  CHECK(error_of(json::array()) == "the JSON configuration must be an object, got an array");
  CHECK(error_of(json::parse(R"({"system": {"conntrack": {"table-size": [1, 2]}}})")) ==
        "system conntrack table-size: expected a string or a whole number, got an array");
  CHECK(error_of(json::parse(R"({"system": {"conntrack": {"table-size": 1.5}}})")) ==
        "system conntrack table-size: expected a string or a whole number, got a fractional number");
  CHECK(error_of(json::parse(R"({"system": {"conntrack": {"modules": {"ftp": "yes"}}}})")) ==
        "system conntrack modules ftp: takes no value, got a string");
  CHECK(error_of(json::parse(R"({"system": {"conntrack": "x"}})")) ==
        "system conntrack: expected an object of child nodes, got a string");
  CHECK(error_of(json::parse(R"({"firewall": {"ipv4": {"name": ["RAW"]}}})")) ==
        "firewall ipv4 name: expected an object keyed by tag value, got an array");
}

TEST_CASE("an empty tag node in JSON adds nothing to the tree") {
  auto tree = from_json(json::parse(R"({"firewall": {"ipv4": {"name": {}}}})"), schema());
  REQUIRE(tree.has_value());
  CHECK(tree->find({"firewall", "ipv4", "name"}) == nullptr);
}
