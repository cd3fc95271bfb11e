// The expectation table follows the kernel's life cycle: create, identical replace, clash refusal,
// eviction of a master's oldest, table full, timeout, consumption by a new connection, master removal.
#include <doctest/doctest.h>

#include "helper_test_support.hpp"

namespace ctsh::engine {
namespace {

using test::ipv4;
using test::ipv6;
using test::tuple;

const IpAddress server = ipv4(10, 0, 0, 1);
const IpAddress client = ipv4(192, 168, 1, 10);

Expectation expectation(std::uint32_t master, std::uint16_t dport, Tick deadline = 1000, std::uint32_t id = 1) {
  Expectation e;
  e.id = id;
  e.family = Family::ipv4;
  e.tuple = tuple(server, client, 0, dport, 6);
  e.master = master;
  e.helper = HelperKind::ftp;
  e.deadline = deadline;
  return e;
}

std::vector<std::uint32_t> ids(const ExpectationTable& table) {
  std::vector<std::uint32_t> out;
  table.for_each([&](const Expectation& e) { out.push_back(e.id); });
  return out;
}

TEST_CASE("an expectation is taken once by a new connection from any source port, counting new and delete") {
  ExpectationTable table(16);
  KernelCounters counters;
  CHECK(table.add(expectation(3, 5000), 1, counters) == ExpectAddResult::created);
  CHECK(counters.expect_create == 1);
  const auto taken = table.take(tuple(server, client, 20, 5000, 6), Family::ipv4, 10, counters);
  REQUIRE(taken.has_value());
  CHECK(taken->master == 3);
  CHECK(counters.expect_new == 1);
  CHECK(counters.expect_delete == 1);
  CHECK(table.empty());
  CHECK_FALSE(table.take(tuple(server, client, 20, 5000, 6), Family::ipv4, 10, counters).has_value());
}

TEST_CASE("a connection differing in source, destination, port, protocol or family takes nothing") {
  ExpectationTable table(16);
  KernelCounters counters;
  table.add(expectation(3, 5000), 1, counters);
  CHECK_FALSE(table.take(tuple(ipv4(10, 0, 0, 2), client, 20, 5000, 6), Family::ipv4, 10, counters));
  CHECK_FALSE(table.take(tuple(server, ipv4(192, 168, 1, 11), 20, 5000, 6), Family::ipv4, 10, counters));
  CHECK_FALSE(table.take(tuple(server, client, 20, 5001, 6), Family::ipv4, 10, counters));
  CHECK_FALSE(table.take(tuple(server, client, 20, 5000, 17), Family::ipv4, 10, counters));
  CHECK_FALSE(table.take(tuple(server, client, 20, 5000, 6), Family::ipv6, 10, counters));
  CHECK(table.size() == 1);
  CHECK(counters.expect_new == 0);
}

TEST_CASE("an expectation with a fixed source port matches only that port") {
  ExpectationTable table(16);
  KernelCounters counters;
  Expectation e = expectation(3, 5000);
  e.any_source_port = false;
  e.tuple.sport = 20;
  table.add(e, 1, counters);
  CHECK_FALSE(table.take(tuple(server, client, 21, 5000, 6), Family::ipv4, 10, counters));
  CHECK(table.take(tuple(server, client, 20, 5000, 6), Family::ipv4, 10, counters));
}

TEST_CASE("an identical expectation of the same master replaces the old one") {
  ExpectationTable table(16);
  KernelCounters counters;
  table.add(expectation(3, 5000, 1000, 1), 1, counters);
  CHECK(table.add(expectation(3, 5000, 2000, 2), 1, counters) == ExpectAddResult::replaced);
  CHECK(ids(table) == std::vector<std::uint32_t>{2});
  CHECK(counters.expect_create == 2);
  CHECK(counters.expect_delete == 1);
}

TEST_CASE("the same tuple expected by another master, or by the same master in another class, is busy") {
  ExpectationTable table(16);
  KernelCounters counters;
  table.add(expectation(3, 5000, 1000, 1), 1, counters);
  CHECK(table.add(expectation(4, 5000, 1000, 2), 1, counters) == ExpectAddResult::busy);
  Expectation other_class = expectation(3, 5000, 1000, 3);
  other_class.expect_class = 1;
  CHECK(table.add(other_class, 1, counters) == ExpectAddResult::busy);
  Expectation fixed_port = expectation(4, 5000, 1000, 4);  // overlaps under the intersected masks
  fixed_port.any_source_port = false;
  fixed_port.tuple.sport = 20;
  CHECK(table.add(fixed_port, 1, counters) == ExpectAddResult::busy);
  CHECK(ids(table) == std::vector<std::uint32_t>{1});
  CHECK(counters.expect_create == 1);
  CHECK(counters.expect_delete == 0);
}

TEST_CASE("a master at its max_expected has its oldest expectation of that class evicted") {
  ExpectationTable table(16);
  KernelCounters counters;
  table.add(expectation(3, 5000, 1000, 1), 2, counters);
  table.add(expectation(3, 5001, 1001, 2), 2, counters);
  table.add(expectation(4, 5002, 1002, 3), 2, counters);
  CHECK(table.add(expectation(3, 5003, 1003, 4), 2, counters) == ExpectAddResult::created);
  CHECK(ids(table) == std::vector<std::uint32_t>{2, 3, 4});
  CHECK(counters.expect_delete == 1);
  // max 1 with two present: the oldest goes, and the master is still at its limit: refused.
  CHECK(table.add(expectation(3, 5004, 1004, 5), 1, counters) == ExpectAddResult::table_full);
  CHECK(ids(table) == std::vector<std::uint32_t>{3, 4});
  CHECK(counters.expect_delete == 2);
}

TEST_CASE("with max_expected 1 a new expectation of the master replaces its previous one") {
  ExpectationTable table(16);
  KernelCounters counters;
  table.add(expectation(3, 5000, 1000, 1), 1, counters);
  CHECK(table.add(expectation(3, 5001, 1001, 2), 1, counters) == ExpectAddResult::created);
  CHECK(ids(table) == std::vector<std::uint32_t>{2});
  CHECK(counters.expect_create == 2);
  CHECK(counters.expect_delete == 1);
}

TEST_CASE("a full table refuses new expectations until one goes") {
  ExpectationTable table(2);
  KernelCounters counters;
  table.add(expectation(1, 5000, 1000, 1), 1, counters);
  table.add(expectation(2, 5001, 1000, 2), 1, counters);
  CHECK(table.add(expectation(3, 5002, 1000, 3), 1, counters) == ExpectAddResult::table_full);
  CHECK(table.size() == 2);
  CHECK(counters.expect_create == 2);
  // A master replacing its own expectation frees its slot first, so that still works.
  CHECK(table.add(expectation(2, 5003, 1000, 4), 1, counters) == ExpectAddResult::created);
  table.remove_master(1, counters);
  CHECK(table.add(expectation(3, 5002, 1000, 5), 1, counters) == ExpectAddResult::created);
  CHECK(ids(table) == std::vector<std::uint32_t>{4, 5});
}

TEST_CASE("a smaller maximum keeps the expectations present but refuses new ones") {
  ExpectationTable table(4);
  KernelCounters counters;
  for (std::uint32_t m = 1; m <= 3; ++m) table.add(expectation(m, static_cast<std::uint16_t>(5000 + m)), 1, counters);
  table.set_max(2);
  CHECK(table.size() == 3);
  CHECK(table.add(expectation(9, 6000), 1, counters) == ExpectAddResult::table_full);
}

TEST_CASE("expectations expire at their deadline, counting a delete each, and are never taken after it") {
  ExpectationTable table(16);
  KernelCounters counters;
  table.add(expectation(1, 5000, 1000, 1), 1, counters);
  table.add(expectation(2, 5001, 1500, 2), 1, counters);
  table.expire(999, counters);
  CHECK(table.size() == 2);
  table.expire(1000, counters);
  CHECK(ids(table) == std::vector<std::uint32_t>{2});
  CHECK(counters.expect_delete == 1);
  CHECK_FALSE(table.take(tuple(server, client, 1, 5001, 6), Family::ipv4, 1500, counters));
  CHECK(counters.expect_new == 0);
  table.expire(1500, counters);
  CHECK(table.empty());
  CHECK(counters.expect_delete == 2);
}

TEST_CASE("expiry follows deadlines across the 32-bit tick wrap and out-of-order inserts") {
  ExpectationTable table(16);
  KernelCounters counters;
  table.add(expectation(1, 5000, 0xfffffff0u, 1), 1, counters);
  table.add(expectation(2, 5001, 0x10u, 2), 1, counters);
  table.add(expectation(3, 5002, 0xfffffff8u, 3), 1, counters);
  CHECK(ids(table) == std::vector<std::uint32_t>{1, 3, 2});
  table.expire(0xfffffffau, counters);
  CHECK(ids(table) == std::vector<std::uint32_t>{2});
  table.expire(0x10u, counters);
  CHECK(table.empty());
}

TEST_CASE("a master going away removes its expectations only") {
  ExpectationTable table(16);
  KernelCounters counters;
  table.add(expectation(1, 5000, 1000, 1), 0, counters);
  table.add(expectation(2, 5001, 1000, 2), 0, counters);
  table.add(expectation(1, 5002, 1000, 3), 0, counters);
  table.remove_master(1, counters);
  CHECK(ids(table) == std::vector<std::uint32_t>{2});
  CHECK(counters.expect_delete == 2);
  table.remove_master(1, counters);
  CHECK(counters.expect_delete == 2);
}

TEST_CASE("thousands of expectations are found by their own tuple, also after the index grows") {
  ExpectationTable table(64);
  KernelCounters counters;
  table.set_max(4000);
  for (std::uint32_t m = 0; m < 3000; ++m) {
    Expectation e = expectation(m, static_cast<std::uint16_t>(1000 + m), 5000, m);
    e.family = Family::ipv6;
    e.tuple.src = ipv6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1});
    e.tuple.dst = ipv6({0x2001, 0xdb8, 0, 0, 0, 0, 1, static_cast<std::uint16_t>(m)});
    REQUIRE(table.add(e, 1, counters) == ExpectAddResult::created);
  }
  table.set_max(100000);
  for (std::uint32_t m = 0; m < 3000; m += 7) {
    const auto src = ipv6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1});
    const auto dst = ipv6({0x2001, 0xdb8, 0, 0, 0, 0, 1, static_cast<std::uint16_t>(m)});
    const auto taken = table.take(tuple(src, dst, 9, static_cast<std::uint16_t>(1000 + m), 6), Family::ipv6, 10, counters);
    REQUIRE(taken.has_value());
    CHECK(taken->id == m);
  }
  CHECK(table.size() == 3000 - 429);
  table.clear();
  CHECK(table.empty());
  CHECK(ids(table).empty());
}

}  // namespace
}  // namespace ctsh::engine
