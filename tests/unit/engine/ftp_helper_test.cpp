// The FTP helper reads PORT/EPRT from the client and 227/229 from the server only at the start of a
// segment that follows a line end, and expects the data connection with the kernel's tuple.
#include <doctest/doctest.h>

#include "helper_test_support.hpp"

namespace ctsh::engine {
namespace {

using test::HelperHarness;
using test::ipv4;
using test::ipv6;
using test::tuple;

const IpAddress client = ipv4(192, 168, 1, 10);
const IpAddress server = ipv4(10, 0, 0, 1);

// A control connection where both sides already sent their first line ("USER" and the banner).
struct FtpSession : HelperHarness {
  std::uint32_t client_seq = 1000;
  std::uint32_t server_seq = 5000;

  explicit FtpSession(Family family = Family::ipv4, IpAddress from = client, IpAddress to = server)
      : HelperHarness(HelperKind::ftp, family, tuple(from, to, 40000, 21, 6)) {
    CHECK(client_line("USER anonymous\r\n") == HelperVerdict::accept);
    CHECK(server_line("220 Welcome\r\n") == HelperVerdict::accept);
  }
  HelperVerdict client_line(std::string_view text) {
    const HelperVerdict verdict = send(Direction::original, client_seq, text);
    if (verdict == HelperVerdict::accept) client_seq += static_cast<std::uint32_t>(text.size());
    return verdict;
  }
  HelperVerdict server_line(std::string_view text) {
    const HelperVerdict verdict = send(Direction::reply, server_seq, text);
    if (verdict == HelperVerdict::accept) server_seq += static_cast<std::uint32_t>(text.size());
    return verdict;
  }
};

TEST_CASE("PORT expects the server connecting from any port to the announced client port") {
  FtpSession ftp;
  CHECK(ftp.all().empty());
  CHECK(ftp.client_line("PORT 192,168,1,10,19,137\r\n") == HelperVerdict::accept);
  const auto e = ftp.only();
  REQUIRE(e.has_value());
  CHECK(e->tuple.src == server);
  CHECK(e->tuple.dst == client);
  CHECK(e->tuple.dport == 19 * 256 + 137);
  CHECK(e->tuple.protocol == 6);
  CHECK(e->any_source_port);
  CHECK(e->master == 7);
  CHECK(e->helper == HelperKind::ftp);
  CHECK(e->expect_class == 0);
  CHECK(e->deadline == ftp.now + 300 * 250);
  CHECK(e->id == 1);
  CHECK(ftp.next_expectation_id == 2);
  CHECK(ftp.counters.expect_create == 1);
}

TEST_CASE("EPRT with an IPv4 address expects the announced client port") {
  FtpSession ftp;
  CHECK(ftp.client_line("EPRT |1|192.168.1.10|6275|\r\n") == HelperVerdict::accept);
  const auto e = ftp.only();
  REQUIRE(e.has_value());
  CHECK(e->tuple.src == server);
  CHECK(e->tuple.dst == client);
  CHECK(e->tuple.dport == 6275);
}

TEST_CASE("EPRT with an IPv6 address on an IPv6 control connection, any printable delimiter") {
  const IpAddress client6 = ipv6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10});
  const IpAddress server6 = ipv6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x1});
  FtpSession ftp(Family::ipv6, client6, server6);
  CHECK(ftp.client_line("EPRT !2!2001:DB8::10!6446!\r\n") == HelperVerdict::accept);
  const auto e = ftp.only();
  REQUIRE(e.has_value());
  CHECK(e->family == Family::ipv6);
  CHECK(e->tuple.src == server6);
  CHECK(e->tuple.dst == client6);
  CHECK(e->tuple.dport == 6446);
}

TEST_CASE("EPRT naming the other family's protocol number is a malformed command: dropped") {
  FtpSession ftp;
  CHECK(ftp.client_line("EPRT |2|::1|6446|\r\n") == HelperVerdict::drop);
  CHECK(ftp.all().empty());
}

TEST_CASE("227 expects the client connecting from any port to the server's announced port") {
  FtpSession ftp;
  CHECK(ftp.server_line("227 Entering Passive Mode (10,0,0,1,195,80).\r\n") == HelperVerdict::accept);
  const auto e = ftp.only();
  REQUIRE(e.has_value());
  CHECK(e->tuple.src == client);
  CHECK(e->tuple.dst == server);
  CHECK(e->tuple.dport == 50000);
  CHECK(e->tuple.protocol == 6);
}

TEST_CASE("227 numbers need no parentheses and no terminator beyond any non-digit") {
  FtpSession ftp;
  CHECK(ftp.server_line("227 =10,0,0,1,4,1 ok\n") == HelperVerdict::accept);
  const auto e = ftp.only();
  REQUIRE(e.has_value());
  CHECK(e->tuple.dport == 1025);
}

TEST_CASE("229 expects the client connecting to the server's address at the announced port") {
  FtpSession ftp;
  CHECK(ftp.server_line("229 Entering Extended Passive Mode (|||6446|)\r\n") == HelperVerdict::accept);
  const auto e = ftp.only();
  REQUIRE(e.has_value());
  CHECK(e->tuple.src == client);
  CHECK(e->tuple.dst == server);
  CHECK(e->tuple.dport == 6446);
}

TEST_CASE("commands are matched case-insensitively") {
  FtpSession ftp;
  CHECK(ftp.client_line("port 192,168,1,10,0,80\r\n") == HelperVerdict::accept);
  REQUIRE(ftp.only().has_value());
  CHECK(ftp.only()->tuple.dport == 80);
  CHECK(ftp.client_line("ePrT |1|192.168.1.10|81|\r\n") == HelperVerdict::accept);
  REQUIRE(ftp.only().has_value());
  CHECK(ftp.only()->tuple.dport == 81);
}

TEST_CASE("the first line of each direction is never read") {
  HelperHarness ftp(HelperKind::ftp, Family::ipv4, tuple(client, server, 40000, 21, 6));
  const std::string_view port = "PORT 192,168,1,10,0,80\r\n";
  CHECK(ftp.send(Direction::original, 100, port) == HelperVerdict::accept);
  CHECK(ftp.all().empty());
  CHECK(ftp.send(Direction::reply, 900, "227 (10,0,0,1,0,80)\r\n") == HelperVerdict::accept);
  CHECK(ftp.all().empty());
  // The line end of the first segment makes the next one readable.
  CHECK(ftp.send(Direction::original, 100 + static_cast<std::uint32_t>(port.size()), port) == HelperVerdict::accept);
  CHECK(ftp.all().size() == 1);
}

TEST_CASE("packets before the flow is established are not read and leave no line state") {
  HelperHarness ftp(HelperKind::ftp, Family::ipv4, tuple(client, server, 40000, 21, 6));
  CHECK(ftp.send(Direction::original, 100, "NOOP\r\n", CtState::new_flow) == HelperVerdict::accept);
  CHECK(ftp.send(Direction::original, 106, "PORT 192,168,1,10,0,80\r\n") == HelperVerdict::accept);
  CHECK(ftp.all().empty());
}

TEST_CASE("only a command at the start of a segment counts, not one after another line") {
  FtpSession ftp;
  CHECK(ftp.client_line("NOOP\r\nPORT 192,168,1,10,0,80\r\n") == HelperVerdict::accept);
  CHECK(ftp.all().empty());
  CHECK(ftp.client_line("PORT 192,168,1,10,0,81\r\n") == HelperVerdict::accept);
  CHECK(ftp.all().size() == 1);
}

TEST_CASE("a segment that does not end in a newline makes the next one unreadable") {
  FtpSession ftp;
  CHECK(ftp.client_line("NOOP") == HelperVerdict::accept);
  CHECK(ftp.client_line("\r\nPORT 192,168,1,10,0,80\r\n") == HelperVerdict::accept);
  CHECK(ftp.all().empty());
  CHECK(ftp.client_line("PORT 192,168,1,10,0,80\r\n") == HelperVerdict::accept);
  CHECK(ftp.all().size() == 1);
}

TEST_CASE("both of the last two line starts of a direction are readable (a retransmission)") {
  FtpSession ftp;
  const std::uint32_t after_user = ftp.client_seq;
  CHECK(ftp.client_line("NOOP\r\n") == HelperVerdict::accept);
  const std::uint32_t second_noop = ftp.client_seq;
  CHECK(ftp.client_line("NOOP\r\n") == HelperVerdict::accept);
  // Remembered now: the starts after both NOOPs; the one after USER was the older and is gone.
  CHECK(ftp.send(Direction::original, second_noop, "PORT 192,168,1,10,0,80\r\n") == HelperVerdict::accept);
  CHECK(ftp.all().size() == 1);
  ftp.expectations.clear();
  CHECK(ftp.send(Direction::original, after_user, "PORT 192,168,1,10,0,80\r\n") == HelperVerdict::accept);
  CHECK(ftp.all().empty());
}

TEST_CASE("an announced address other than the sender's creates no expectation") {
  FtpSession ftp;
  CHECK(ftp.client_line("PORT 192,168,1,99,0,80\r\n") == HelperVerdict::accept);
  CHECK(ftp.server_line("227 Entering Passive Mode (10,0,0,2,0,80)\r\n") == HelperVerdict::accept);
  CHECK(ftp.client_line("EPRT |1|1.2.3.4|80|\r\n") == HelperVerdict::accept);
  CHECK(ftp.all().empty());
  CHECK(ftp.counters.expect_create == 0);
  // The line ends still moved on: the next command is read.
  CHECK(ftp.client_line("PORT 192,168,1,10,0,80\r\n") == HelperVerdict::accept);
  CHECK(ftp.all().size() == 1);
}

TEST_CASE("a command cut off at the end of the segment drops the packet and keeps the line state") {
  FtpSession ftp;
  CHECK(ftp.client_line("PORT 192,168,1,10,0,8") == HelperVerdict::drop);
  CHECK(ftp.client_line("PO") == HelperVerdict::drop);
  CHECK(ftp.client_line("EPRT |1|192.168.1.10|80") == HelperVerdict::drop);
  CHECK(ftp.client_line("PORT") == HelperVerdict::drop);
  CHECK(ftp.server_line("229 Entering Extended Passive Mode (|||6446") == HelperVerdict::drop);
  CHECK(ftp.server_line("227 Entering Passive Mode (10,0,0,1,195") == HelperVerdict::drop);
  CHECK(ftp.server_line("22") == HelperVerdict::drop);
  CHECK(ftp.all().empty());
  // The whole command, resent at the same sequence number, is read.
  CHECK(ftp.client_line("PORT 192,168,1,10,0,80\r\n") == HelperVerdict::accept);
  CHECK(ftp.all().size() == 1);
}

TEST_CASE("a malformed argument after a matched command drops the packet too") {
  FtpSession ftp;
  CHECK(ftp.client_line("PORT a,b\r\n") == HelperVerdict::drop);
  CHECK(ftp.client_line("EPRT |1|192.168.1.10|0|\r\n") == HelperVerdict::drop);
  CHECK(ftp.server_line("229 (|||x|)\r\n") == HelperVerdict::drop);
  CHECK(ftp.all().empty());
}

TEST_CASE("lines that are no command of their direction pass untouched") {
  FtpSession ftp;
  CHECK(ftp.client_line("PASV\r\n") == HelperVerdict::accept);
  CHECK(ftp.client_line("EPSV\r\n") == HelperVerdict::accept);
  CHECK(ftp.client_line("227 (192,168,1,10,0,80)\r\n") == HelperVerdict::accept);
  CHECK(ftp.server_line("PORT 10,0,0,1,0,80\r\n") == HelperVerdict::accept);
  CHECK(ftp.server_line("230 Login successful.\r\n") == HelperVerdict::accept);
  CHECK(ftp.all().empty());
}

TEST_CASE("a second announcement replaces the master's previous expectation (max_expected 1)") {
  FtpSession ftp;
  CHECK(ftp.client_line("PORT 192,168,1,10,0,80\r\n") == HelperVerdict::accept);
  CHECK(ftp.client_line("PORT 192,168,1,10,0,81\r\n") == HelperVerdict::accept);
  REQUIRE(ftp.only().has_value());
  CHECK(ftp.only()->tuple.dport == 81);
  CHECK(ftp.counters.expect_create == 2);
  CHECK(ftp.counters.expect_delete == 1);
}

TEST_CASE("an expectation the table refuses drops the packet") {
  FtpSession ftp;
  ftp.expectations.set_max(0);
  CHECK(ftp.client_line("PORT 192,168,1,10,0,80\r\n") == HelperVerdict::drop);
  CHECK(ftp.all().empty());
  CHECK(ftp.next_expectation_id == 1);
}

TEST_CASE("a forgotten flow starts over with its first line") {
  FtpSession ftp;
  ftp.helpers.forget(ftp.flow.index);
  CHECK(ftp.client_line("PORT 192,168,1,10,0,80\r\n") == HelperVerdict::accept);
  CHECK(ftp.all().empty());
}

}  // namespace
}  // namespace ctsh::engine
