// SchemaNode::check_value: VyOS's messages and order for numbers, words, addresses, ports, protocols.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "ctsh/cli/schema.hpp"

using namespace ctsh::cli;

namespace {

const SchemaNode& node_for(const Path& path) {
  const SchemaNode* node = Schema::embedded().node_at(path);
  REQUIRE(node != nullptr);
  return *node;
}

// The lines check_value refuses `value` with; empty when it is accepted.
std::vector<std::string> refusal(const Path& path, std::string_view value) {
  auto checked = node_for(path).check_value(value);
  return checked ? std::vector<std::string>{} : checked.error().lines;
}

using Lines = std::vector<std::string>;
const Path table_size{"system", "conntrack", "table-size"};
const Path ignore_rule{"system", "conntrack", "ignore", "ipv4", "rule"};
const Path ignore_rule_body{"system", "conntrack", "ignore", "ipv4", "rule", "1"};
const Path ipv6_ignore_rule_body{"system", "conntrack", "ignore", "ipv6", "rule", "1"};
const Path raw_rule{"firewall", "ipv4", "name", "RAW", "rule", "10"};

Path with(Path base, std::initializer_list<std::string> more) {
  base.insert(base.end(), more);
  return base;
}

}  // namespace

TEST_CASE("numbers inside the range are accepted, at both ends") {
  CHECK(refusal(table_size, "1").empty());
  CHECK(refusal(table_size, "50000000").empty());
  CHECK(refusal(ignore_rule, "999999").empty());
}

TEST_CASE("an out-of-range number gives VyOS's numeric message, then the constraint message") {
  CHECK(refusal(table_size, "0") == Lines{"Number is not in any of allowed ranges", "Invalid value"});
  CHECK(refusal(table_size, "50000001") == Lines{"Number is not in any of allowed ranges", "Invalid value"});
  CHECK(refusal(table_size, "-5") == Lines{"Number is not in any of allowed ranges", "Invalid value"});
  CHECK(refusal(table_size, "99999999999999999999999") ==
        Lines{"Number is not in any of allowed ranges", "Invalid value"});
  CHECK(refusal(ignore_rule, "1000000") ==
        Lines{"Number is not in any of allowed ranges", "Ignore rule number must be between 1 and 999999"});
  CHECK(refusal({"system", "conntrack", "timeout", "custom", "ipv6", "rule"}, "0").back() ==
        "Timeout rule number must be between 1 and 999999");
  CHECK(refusal({"firewall", "ipv6", "prerouting", "raw", "rule"}, "0").back() ==
        "Firewall rule number must be between 1 and 999999");
}

TEST_CASE("a word where a number belongs is not a valid integer number") {
  CHECK(refusal(table_size, "big") == Lines{"'big' is not a valid integer number", "Invalid value"});
  CHECK(refusal(table_size, "") == Lines{"'' is not a valid integer number", "Invalid value"});
  CHECK(refusal(table_size, "1e6").front() == "'1e6' is not a valid integer number");
  CHECK(refusal(table_size, "+5").front() == "'+5' is not a valid integer number");
  CHECK(refusal(table_size, "010").front() == "'010' is not a valid integer number");
}

TEST_CASE("a word outside an enum gives only the constraint line") {
  const Path loose{"system", "conntrack", "tcp", "loose"};
  CHECK(refusal(loose, "enable").empty());
  CHECK(refusal(loose, "maybe") == Lines{"Invalid value"});
  CHECK(refusal(with(raw_rule, {"action"}), "allow") ==
        Lines{"action must be one of accept, drop, reject, return, notrack or jump"});
  CHECK(refusal({"firewall", "ipv4", "prerouting", "raw", "default-action"}, "reject") ==
        Lines{"default-action must be accept or drop"});
  CHECK(refusal({"firewall", "ipv4", "name", "RAW", "default-action"}, "reject").empty());
}

TEST_CASE("descriptions are limited to 255 characters") {
  const Path description = with(ignore_rule_body, {"description"});
  CHECK(refusal(description, std::string(255, 'x')).empty());
  CHECK(refusal(description, "Skip tracking for multicast").empty());
  CHECK(refusal(description, std::string(256, 'x')) == Lines{"Description too long (limit 255 characters)"});
}

TEST_CASE("rule-set names are 1 to 28 letters, digits, '-', '_' or '.'") {
  const Path name{"firewall", "ipv4", "name"};
  const Lines refused{"Firewall rule-set name must be 1 to 28 characters: letters, digits, '-', '_' or '.'"};
  CHECK(refusal(name, "RAW").empty());
  CHECK(refusal(name, "my-set_2.v4").empty());
  CHECK(refusal(name, std::string(28, 'a')).empty());
  CHECK(refusal(name, std::string(29, 'a')) == refused);
  CHECK(refusal(name, "") == refused);
  CHECK(refusal(name, "bad name") == refused);
  CHECK(refusal(with(raw_rule, {"jump-target"}), "bad/name") == refused);
  CHECK(refusal({"firewall", "ipv6", "input", "filter", "raw"}, "RAW6").empty());
}

TEST_CASE("a bad address names itself, then Invalid value") {
  const Path address = with(ignore_rule_body, {"source", "address"});
  CHECK(refusal(address, "10.0.0.1").empty());
  CHECK(refusal(address, "!192.0.2.0/24").empty());
  CHECK(refusal(address, "10.0.0.1-10.0.0.9").empty());
  CHECK(refusal(address, "10.0.0.300") ==
        Lines{"Error: 10.0.0.300 is not a valid IPv4 address, prefix or range", "Invalid value"});
  CHECK(refusal(address, "2001:db8::1").front() == "Error: 2001:db8::1 is not a valid IPv4 address, prefix or range");
  CHECK(refusal(address, "10.0.0.1/8").front() ==
        "Error: 10.0.0.1/8 is not a valid IPv4 address, prefix or range: host bits are set; the network is 10.0.0.0/8");
  const Path address6 = with(ipv6_ignore_rule_body, {"destination", "address"});
  CHECK(refusal(address6, "2001:db8::/32").empty());
  CHECK(refusal(address6, "10.0.0.1").front() == "Error: 10.0.0.1 is not a valid IPv6 address, prefix or range");
}

TEST_CASE("a bad port names the offending entry, then Invalid value") {
  const Path port = with(raw_rule, {"destination", "port"});
  CHECK(refusal(port, "22").empty());
  CHECK(refusal(port, "!22,http,1000-2000").empty());
  CHECK(refusal(port, "99200") ==
        Lines{"Error: 99200 is not a valid port (a number 1-65535, a service name or a range a-b)", "Invalid value"});
  CHECK(refusal(port, "0").front().starts_with("Error: 0 is not a valid port"));
  CHECK(refusal(port, "2000-1000").front() ==
        "Error: 2000-1000 is not a valid port range: the first port is above the last");
  CHECK(refusal(port, "22,,80").front() == "Error: 22,,80 is not a valid port list: it has an empty entry");
  CHECK(refusal(port, "nosuchservice").front().starts_with("Error: nosuchservice is not a valid port"));
}

TEST_CASE("a bad protocol is refused with what is allowed") {
  const Path protocol = with(ignore_rule_body, {"protocol"});
  for (const char* good : {"tcp", "udp", "all", "tcp_udp", "!icmp", "47", "0", "255", "ipv6-icmp", "icmpv6"}) {
    CAPTURE(good);
    CHECK(refusal(protocol, good).empty());
  }
  const Lines refused = refusal(protocol, "tpc");
  REQUIRE(refused.size() == 2);
  CHECK(refused[0].starts_with("Error: tpc is not a valid IP protocol"));
  CHECK(refused[1] == "Invalid value");
  CHECK_FALSE(refusal(protocol, "256").empty());
  CHECK_FALSE(refusal(protocol, "!all").empty());
}

TEST_CASE("interface names follow the kernel's rules; any is allowed") {
  const Path interface = with(ignore_rule_body, {"inbound-interface"});
  CHECK(refusal(interface, "eth0").empty());
  CHECK(refusal(interface, "any").empty());
  CHECK(refusal(interface, "eth0.100").empty());
  CHECK(refusal(interface, "averyveryverylongname").front() ==
        "Error: averyveryverylongname is not a valid interface name: it must be 1 to 15 characters long");
  CHECK(refusal(interface, "eth0/1").front().ends_with("it may not contain '/', ':', spaces or control characters"));
  CHECK_FALSE(refusal(interface, "eth 0").empty());
  CHECK_FALSE(refusal(interface, "..").empty());
  CHECK_FALSE(refusal(interface, "").empty());
}

TEST_CASE("a huge value is refused quickly by its length, before any pattern or validator") {
  const std::string huge(100 * 1024, '1');
  const auto started = std::chrono::steady_clock::now();
  CHECK(refusal(table_size, huge) == Lines{"Value is too long: 102400 characters (limit 1024)", "Invalid value"});
  CHECK(refusal(with(raw_rule, {"source", "address"}), huge).front() ==
        "Value is too long: 102400 characters (limit 1024)");
  CHECK(refusal({"firewall", "ipv4", "name"}, std::string(100 * 1024, 'a')).size() == 1);
  CHECK(refusal(with(raw_rule, {"description"}), huge) == Lines{"Description too long (limit 255 characters)"});
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(100));
}

TEST_CASE("nodes without values refuse one") {
  CHECK_FALSE(node_for({"system", "conntrack", "modules", "ftp"}).check_value("x").has_value());
  CHECK_FALSE(node_for({"system", "conntrack"}).check_value("x").has_value());
}
