// Schema::validate: the whole typed tree at commit, one line per problem naming its path.
#include <doctest/doctest.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "ctsh/cli/schema.hpp"

using namespace ctsh::cli;
using nlohmann::json;

namespace {

// The issue's example batch as typed JSON.
json example_tree() {
  return json::parse(R"({
    "system": {"conntrack": {
      "table-size": 262144, "hash-size": 65536,
      "timeout": {"tcp": {"established": 7200, "close": 10, "close-wait": 60, "fin-wait": 120, "last-ack": 30,
                          "syn-recv": 60, "syn-sent": 120, "time-wait": 120},
                  "udp": {"other": 30, "stream": 180}, "icmp": 30},
      "modules": {"ftp": {}, "sip": {}}}},
    "firewall": {"ipv4": {
      "name": {"RAW": {"default-action": "accept",
                       "rule": {"10": {"action": "notrack", "destination": {"address": "224.0.0.0/4"},
                                       "description": "Skip tracking for multicast"}}}},
      "input": {"filter": {"raw": "RAW"}}}}
  })");
}

bool has_line(const std::vector<std::string>& lines, std::string_view wanted) {
  for (const auto& line : lines) {
    if (line == wanted) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a good typed tree passes") {
  CHECK(Schema::embedded().validate(example_tree()).empty());
  CHECK(Schema::embedded().validate(json::object()).empty());
}

TEST_CASE("a richer tree with ignore rules, custom timeouts and raw chains passes") {
  const json tree = json::parse(R"({"system": {"conntrack": {
      "flow-accounting": {}, "tcp": {"loose": "disable", "max-retrans": 5},
      "ignore": {"ipv6": {"rule": {"5": {"source": {"address": "!2001:db8::/32", "port": "ssh,1000-2000"},
                                         "protocol": "tcp", "inbound-interface": "eth0",
                                         "tcp": {"flags": {"syn": {}, "not": {"ack": {}}}}}}}},
      "timeout": {"custom": {"ipv4": {"rule": {"1": {"protocol": {"udp": {"replied": 20}}}}}}}}},
    "firewall": {"ipv6": {"prerouting": {"raw": {"default-action": "drop",
                                                 "rule": {"1": {"action": "jump", "jump-target": "X", "disable": {}}}}}}}})");
  CHECK(Schema::embedded().validate(tree).empty());
}

TEST_CASE("a wrong type is reported with its path and what was expected") {
  json tree = example_tree();
  tree["system"]["conntrack"]["table-size"] = "262144";
  tree["system"]["conntrack"]["modules"]["ftp"] = "yes";
  tree["system"]["conntrack"]["hash-size"] = 1.5;
  tree["firewall"]["ipv4"]["name"]["RAW"]["description"] = 7;
  const auto lines = Schema::embedded().validate(tree);
  CHECK(lines.size() == 4);
  CHECK(has_line(lines, "system conntrack table-size: must be a number, not a string"));
  CHECK(has_line(lines, "system conntrack hash-size: must be a number, not a fractional number"));
  CHECK(has_line(lines, "system conntrack modules ftp: must be {} (it takes no value), not a string"));
  CHECK(has_line(lines, "firewall ipv4 name RAW description: must be a string, not a number"));
}

TEST_CASE("a valueless node with content is reported") {
  json tree = example_tree();
  tree["system"]["conntrack"]["modules"]["sip"] = json{{"x", json::object()}};
  CHECK(Schema::embedded().validate(tree) ==
        std::vector<std::string>{"system conntrack modules sip: takes no value: write it as {}"});
}

TEST_CASE("an unknown key is reported with its path") {
  json tree = example_tree();
  tree["system"]["conntrack"]["table-sise"] = 5;
  tree["interfaces"] = json::object();
  const auto lines = Schema::embedded().validate(tree);
  CHECK(lines.size() == 2);
  CHECK(has_line(lines, "system conntrack table-sise: is not a valid configuration node"));
  CHECK(has_line(lines, "interfaces: is not a valid configuration node"));
}

TEST_CASE("an out-of-range value is reported with its path, value and VyOS's messages") {
  json tree = example_tree();
  tree["system"]["conntrack"]["timeout"]["icmp"] = 0;
  tree["firewall"]["ipv4"]["name"]["RAW"]["rule"]["1000000"] = json::object();
  const auto lines = Schema::embedded().validate(tree);
  CHECK(lines.size() == 2);
  CHECK(has_line(lines, "system conntrack timeout icmp 0: Number is not in any of allowed ranges; Invalid value"));
  CHECK(has_line(lines, "firewall ipv4 name RAW rule 1000000: Number is not in any of allowed ranges; "
                        "Firewall rule number must be between 1 and 999999"));
}

TEST_CASE("values valijson cannot check go through the validators") {
  json tree = example_tree();
  tree["firewall"]["ipv4"]["name"]["RAW"]["rule"]["10"]["destination"]["address"] = "224.0.0.1/4";
  tree["firewall"]["ipv4"]["name"]["RAW"]["rule"]["10"]["destination"]["port"] = "99200";
  const auto lines = Schema::embedded().validate(tree);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].starts_with("firewall ipv4 name RAW rule 10 destination address 224.0.0.1/4: Error: 224.0.0.1/4 is not a valid IPv4"));
  CHECK(lines[1].starts_with("firewall ipv4 name RAW rule 10 destination port 99200: Error: 99200 is not a valid port"));
}

TEST_CASE("a bad rule-set name and a bad enum word are reported once each") {
  json tree = example_tree();
  tree["firewall"]["ipv4"]["name"]["bad name"] = json::object();
  tree["system"]["conntrack"]["tcp"]["loose"] = "maybe";
  const auto lines = Schema::embedded().validate(tree);
  CHECK(lines.size() == 2);
  CHECK(has_line(lines, "firewall ipv4 name bad name: Firewall rule-set name must be 1 to 28 characters: letters, "
                        "digits, '-', '_' or '.'"));
  CHECK(has_line(lines, "system conntrack tcp loose maybe: Invalid value"));
}

TEST_CASE("huge strings are refused by their length, quickly, without reaching any regular expression") {
  json tree = example_tree();
  tree["firewall"]["ipv4"]["input"]["filter"]["raw"] = std::string(100 * 1024, 'a');
  tree["firewall"]["ipv4"]["name"]["RAW"]["rule"]["10"]["source"]["address"] = std::string(100 * 1024, '1');
  tree["firewall"]["ipv4"]["name"][std::string(100 * 1024, 'b')] = json::object();
  const auto started = std::chrono::steady_clock::now();
  const auto lines = Schema::embedded().validate(tree);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(200));
  REQUIRE(lines.size() == 3);
  CHECK(has_line(lines, "firewall ipv4 name: a node name is too long: 102400 characters (limit 1024)"));
  CHECK(has_line(lines, "firewall ipv4 input filter raw " + std::string(64, 'a') +
                            "...: Firewall rule-set name must be 1 to 28 characters: letters, digits, '-', '_' or '.'"));
  CHECK(has_line(lines, "firewall ipv4 name RAW rule 10 source address " + std::string(64, '1') +
                            "...: Value is too long: 102400 characters (limit 1024); Invalid value"));
}

TEST_CASE("a tree that is not an object is refused") {
  CHECK(Schema::embedded().validate(json::array()).front() == "(top level): must be an object, not an array");
}
