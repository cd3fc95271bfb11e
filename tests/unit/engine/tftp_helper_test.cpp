// The TFTP helper expects the server's answer (from any port) to the client's address and port on a
// read or write request, and nothing on other packets; kind_for attaches ftp and tftp by port.
#include <doctest/doctest.h>

#include <string>

#include "helper_test_support.hpp"

namespace ctsh::engine {
namespace {

using test::HelperHarness;
using test::ipv4;
using test::ipv6;
using test::tuple;

const IpAddress client = ipv4(192, 168, 1, 10);
const IpAddress server = ipv4(10, 0, 0, 1);

std::string request(std::uint8_t opcode) { return std::string{'\0', static_cast<char>(opcode)} + "file\0octet\0"; }

HelperHarness tftp_flow() { return HelperHarness(HelperKind::tftp, Family::ipv4, tuple(client, server, 3333, 69, 17)); }

TEST_CASE("a read request on the flow's first packet expects the server to answer the client's port") {
  HelperHarness tftp = tftp_flow();
  CHECK(tftp.send(Direction::original, 0, request(1), CtState::new_flow) == HelperVerdict::accept);
  const auto e = tftp.only();
  REQUIRE(e.has_value());
  CHECK(e->tuple.src == server);
  CHECK(e->tuple.dst == client);
  CHECK(e->tuple.dport == 3333);
  CHECK(e->tuple.protocol == 17);
  CHECK(e->any_source_port);
  CHECK(e->helper == HelperKind::tftp);
  CHECK(e->master == 7);
  CHECK(e->deadline == tftp.now + 300 * 250);
  CHECK(tftp.counters.expect_create == 1);
}

TEST_CASE("a write request expects the same, and a repeated request replaces the expectation") {
  HelperHarness tftp = tftp_flow();
  CHECK(tftp.send(Direction::original, 0, request(2), CtState::new_flow) == HelperVerdict::accept);
  CHECK(tftp.send(Direction::original, 0, request(2), CtState::new_flow) == HelperVerdict::accept);
  REQUIRE(tftp.only().has_value());
  CHECK(tftp.only()->id == 2);
  CHECK(tftp.counters.expect_create == 2);
  CHECK(tftp.counters.expect_delete == 1);
}

TEST_CASE("the kernel's TFTP helper checks no direction: a request seen in reply expects the same") {
  HelperHarness tftp = tftp_flow();
  CHECK(tftp.send(Direction::reply, 0, request(1)) == HelperVerdict::accept);
  REQUIRE(tftp.only().has_value());
  CHECK(tftp.only()->tuple.dst == client);
}

TEST_CASE("data, acknowledgement, error and short packets expect nothing") {
  HelperHarness tftp = tftp_flow();
  CHECK(tftp.send(Direction::original, 0, std::string{'\0', '\3', '\0', '\1'}) == HelperVerdict::accept);
  CHECK(tftp.send(Direction::original, 0, std::string{'\0', '\4', '\0', '\1'}) == HelperVerdict::accept);
  CHECK(tftp.send(Direction::original, 0, std::string{'\0', '\5', '\0', '\1'}) == HelperVerdict::accept);
  CHECK(tftp.send(Direction::original, 0, std::string{'\1', '\1'}) == HelperVerdict::accept);
  CHECK(tftp.send(Direction::original, 0, std::string{'\0'}) == HelperVerdict::accept);
  CHECK(tftp.send(Direction::original, 0, "") == HelperVerdict::accept);
  CHECK(tftp.all().empty());
}

TEST_CASE("a request the expectation table refuses is dropped") {
  HelperHarness tftp = tftp_flow();
  tftp.expectations.set_max(0);
  CHECK(tftp.send(Direction::original, 0, request(1), CtState::new_flow) == HelperVerdict::drop);
}

TEST_CASE("an IPv6 request expects the IPv6 server and client") {
  const IpAddress client6 = ipv6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10});
  const IpAddress server6 = ipv6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x1});
  HelperHarness tftp(HelperKind::tftp, Family::ipv6, tuple(client6, server6, 4444, 69, 17));
  CHECK(tftp.send(Direction::original, 0, request(1), CtState::new_flow) == HelperVerdict::accept);
  REQUIRE(tftp.only().has_value());
  CHECK(tftp.only()->family == Family::ipv6);
  CHECK(tftp.only()->tuple.src == server6);
  CHECK(tftp.only()->tuple.dst == client6);
  CHECK(tftp.only()->tuple.dport == 4444);
}

TEST_CASE("kind_for attaches ftp to tcp/21 and tftp to udp/69, only when the module is enabled") {
  const std::set<HelperModule> both{HelperModule::ftp, HelperModule::tftp};
  const std::set<HelperModule> only_sip{HelperModule::sip};
  CHECK(ConntrackHelpers::kind_for(tuple(client, server, 4000, 21, 6), both) == HelperKind::ftp);
  CHECK(ConntrackHelpers::kind_for(tuple(client, server, 4000, 69, 17), both) == HelperKind::tftp);
  CHECK(ConntrackHelpers::kind_for(tuple(client, server, 4000, 21, 17), both) == HelperKind::none);
  CHECK(ConntrackHelpers::kind_for(tuple(client, server, 4000, 69, 6), both) == HelperKind::none);
  CHECK(ConntrackHelpers::kind_for(tuple(client, server, 21, 4000, 6), both) == HelperKind::none);
  CHECK(ConntrackHelpers::kind_for(tuple(client, server, 4000, 21, 6), only_sip) == HelperKind::none);
  CHECK(ConntrackHelpers::kind_for(tuple(client, server, 4000, 69, 17), {}) == HelperKind::none);
}

TEST_CASE("helper names are the kernel's") {
  CHECK(helper_name(HelperKind::none).empty());
  CHECK(helper_name(HelperKind::ftp) == "ftp");
  CHECK(helper_name(HelperKind::tftp) == "tftp");
}

}  // namespace
}  // namespace ctsh::engine
