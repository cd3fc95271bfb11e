// The flow table finds an entry by either direction's tuple, forgets it when unlinked, keeps every
// entry through a rehash and a pool growth, and reuses freed entries first.
#include <doctest/doctest.h>

#include <cstring>

#include "core/flow_table.hpp"
#include "core/tuple_hash.hpp"

namespace ctsh::engine {
namespace {

PacketTuple udp_tuple(std::uint8_t host, std::uint16_t sport) {
  PacketTuple t;
  t.src.bytes = {10, 0, 0, host};
  t.dst.bytes = {192, 168, 1, 1};
  t.sport = sport;
  t.dport = 53;
  t.protocol = 17;
  return t;
}

PacketTuple reversed(const PacketTuple& t) {
  PacketTuple r = t;
  std::swap(r.src, r.dst);
  std::swap(r.sport, r.dport);
  return r;
}

std::uint32_t add(FlowTable& table, const PacketTuple& t) {
  const std::uint32_t index = table.allocate();
  Entry& e = table.entry(index);
  e.protocol = t.protocol;
  e.sport = t.sport;
  e.dport = t.dport;
  e.reply_sport = t.dport;
  e.reply_dport = t.sport;
  std::memcpy(&e.src4, t.src.bytes.data(), 4);
  std::memcpy(&e.dst4, t.dst.bytes.data(), 4);
  e.deadline = 1000;
  table.link(index);
  return index;
}

FlowMatch find(const FlowTable& table, const PacketTuple& t) { return table.find(t, Family::ipv4, hash_tuple(t, Family::ipv4)); }

}  // namespace

TEST_CASE("an entry is found by its original tuple and by its reply tuple, with the direction") {
  FlowTable table;
  REQUIRE(table.configure(16, 8, false));
  table.clear(0);
  const PacketTuple t = udp_tuple(1, 10000);
  const std::uint32_t index = add(table, t);
  const FlowMatch original = find(table, t);
  REQUIRE(original.found());
  CHECK(original.index == index);
  CHECK(original.direction == Direction::original);
  const FlowMatch reply = find(table, reversed(t));
  REQUIRE(reply.found());
  CHECK(reply.direction == Direction::reply);
  CHECK_FALSE(find(table, udp_tuple(2, 10000)).found());
}

TEST_CASE("an unlinked entry is no longer found and its slot is reused first") {
  FlowTable table;
  REQUIRE(table.configure(16, 1, false));  // one bucket: every entry in the same chain
  table.clear(0);
  const std::uint32_t a = add(table, udp_tuple(1, 1));
  const std::uint32_t b = add(table, udp_tuple(2, 2));
  add(table, udp_tuple(3, 3));
  table.unlink(b);
  table.release(b);
  CHECK_FALSE(find(table, udp_tuple(2, 2)).found());
  CHECK(find(table, udp_tuple(1, 1)).index == a);
  CHECK(find(table, reversed(udp_tuple(3, 3))).found());
  CHECK(table.count() == 2);
  CHECK(table.allocate() == b);
}

TEST_CASE("changing the bucket count and growing the pool keep every entry") {
  FlowTable table;
  REQUIRE(table.configure(100, 7, false));
  table.clear(0);
  for (std::uint16_t i = 0; i < 100; ++i) add(table, udp_tuple(static_cast<std::uint8_t>(i), i));
  REQUIRE(table.configure(1000, 4096, false));
  for (std::uint16_t i = 0; i < 100; ++i) {
    CHECK(find(table, udp_tuple(static_cast<std::uint8_t>(i), i)).found());
    CHECK(find(table, reversed(udp_tuple(static_cast<std::uint8_t>(i), i))).found());
  }
  CHECK(table.count() == 100);
}

TEST_CASE("memory in use counts touched pool pages and the index, not the reservation") {
  FlowTable table;
  REQUIRE(table.configure(1'000'000, 1'000'000, false));
  table.clear(0);
  CHECK(table.memory_bytes() == 4'000'000);
  add(table, udp_tuple(1, 1));
  CHECK(table.memory_bytes() == 4'000'000 + 3 * 4096);  // a page of the lookup, state and record pools each
}

}  // namespace ctsh::engine
