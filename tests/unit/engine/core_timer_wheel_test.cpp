// The timer wheel expires every entry exactly at its deadline's tick, whatever the order of inserts,
// lazy deadline moves, removals and clock jumps (checked against a brute-force model).
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <vector>

#include "core/timer_wheel.hpp"

namespace ctsh::engine {
namespace {

struct WheelHarness {
  std::vector<EntryState> entries;
  std::vector<EntryRecord> records;
  std::vector<Tick> deadlines;  // each entry's deadline (the table keeps it beside the key)
  TimerWheel wheel;
  std::map<std::uint32_t, std::uint64_t> live;  // index -> absolute deadline
  std::vector<std::pair<std::uint32_t, std::uint64_t>> expired;  // index, tick it was reported

  explicit WheelHarness(std::size_t count) : entries(count), records(count), deadlines(count) {
    wheel.attach(entries.data(), records.data());
    wheel.reset(0);
  }
  void add(std::uint32_t index, std::uint64_t deadline) {
    deadlines[index] = static_cast<Tick>(deadline);
    wheel.insert(index, static_cast<Tick>(deadline));
    live[index] = deadline;
  }
  // Pushes the deadline later without touching the wheel (as a packet refresh does).
  void extend(std::uint32_t index, std::uint64_t deadline) {
    deadlines[index] = static_cast<Tick>(deadline);
    live[index] = deadline;
  }
  void advance(std::uint64_t target) {
    while (wheel.time() < target) {
      const std::uint64_t step = std::min<std::uint64_t>(target, wheel.time() + (1ull << 30));
      wheel.advance(step, [&](std::uint32_t index) {
        if (live[index] <= wheel.time()) {
          expired.emplace_back(index, wheel.time());
          live.erase(index);
        } else {
          wheel.insert(index, deadlines[index]);
        }
      });
    }
  }
};

}  // namespace

TEST_CASE("an entry expires at the tick of its deadline, not before") {
  WheelHarness h(4);
  h.add(0, 7500);  // 30 s
  h.advance(7499);
  CHECK(h.expired.empty());
  h.advance(7500);
  REQUIRE(h.expired.size() == 1);
  CHECK(h.expired[0] == std::pair<std::uint32_t, std::uint64_t>{0, 7500});
}

TEST_CASE("a deadline pushed later without touching the wheel is honoured (lazy refresh)") {
  WheelHarness h(2);
  h.add(0, 100);
  h.advance(90);
  h.extend(0, 90 + 100);
  h.advance(189);
  CHECK(h.expired.empty());
  h.advance(190);
  CHECK(h.expired.size() == 1);
}

TEST_CASE("a removed entry never expires") {
  WheelHarness h(2);
  h.add(0, 50);
  h.add(1, 50);
  h.wheel.remove(0);
  h.live.erase(0);
  h.advance(1000);
  REQUIRE(h.expired.size() == 1);
  CHECK(h.expired[0].first == 1);
}

TEST_CASE("random inserts, refreshes, removals and jumps expire every entry exactly on time") {
  std::mt19937_64 random(42);
  constexpr std::uint32_t count = 2000;
  WheelHarness h(count);
  std::uint64_t now = 0;
  std::vector<bool> in_wheel(count, false);
  for (int round = 0; round < 4000; ++round) {
    const auto index = static_cast<std::uint32_t>(random() % count);
    const std::uint64_t timeout = 1 + random() % (random() % 2 ? 250 * 120 : 250 * 432000ull);
    if (!h.live.contains(index)) {
      h.add(index, now + timeout);
    } else if (random() % 3 == 0) {
      h.wheel.remove(index);
      h.live.erase(index);
    } else if (now + timeout > h.live[index]) {
      h.extend(index, now + timeout);
    }
    const std::uint64_t jump = random() % 4 == 0 ? random() % (250 * 200000ull) : random() % 300;
    const auto before = h.live;
    now += jump;
    h.advance(now);
    for (const auto& [index_expired, at] : h.expired) {
      REQUIRE(before.contains(index_expired));
      CHECK(at == before.at(index_expired));
    }
    for (const auto& [index_live, deadline] : h.live) CHECK(deadline > now);
    h.expired.clear();
  }
}

}  // namespace ctsh::engine
