// The simulate commands' support: value parsers (strict forms, clear messages), the progress bar line,
// and the replay pacer (waits until each packet is due, shortens long silences, stops on Ctrl-C).
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>

#include "replay_pacer.hpp"
#include "run_monitor.hpp"
#include "simulate_values.hpp"

using namespace ctsh::cli;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("simulate values: seconds, whole numbers, loop and speed, each refused with a message naming it") {
  CHECK(parse_seconds("30", 100) == 30'000'000'000);
  CHECK(parse_seconds("0.5", 100) == 500'000'000);
  CHECK(parse_seconds(".5", 100) == 500'000'000);
  CHECK(parse_seconds("5.", 100) == std::nullopt);
  CHECK(parse_seconds("101", 100) == std::nullopt);
  CHECK(parse_whole_number("users", "42") == 42);
  CHECK(parse_whole_number("users", "+4").error() == "users \"+4\" is not a whole number (0 to 18446744073709551615)");
  CHECK(!parse_whole_number("seed", "18446744073709551616"));
  CHECK(parse_duration("0.25") == 250'000'000);
  CHECK(parse_duration("1e3").error() == "duration \"1e3\" is not a number of seconds (e.g. 60 or 0.5)");
  CHECK(parse_loop("3") == 3);
  CHECK(parse_loop("0").error() == "loop 0 is out of range: give 1 to 10000 passes");
  CHECK(parse_speed("max") == 0.0);
  CHECK(parse_speed("realtime") == 1.0);
  CHECK(parse_speed("2.5") == 2.5);
  CHECK(parse_speed("-1").error() == "speed \"-1\" is not max, realtime or a number (e.g. 2 or 0.5)");
  CHECK(parse_speed("1001").error() == "speed 1001 is out of range: give 0.01 to 1000 times capture speed");
}

TEST_CASE("the progress line shows the bar, the percentage and the detail") {
  CHECK(progress_line(0, "x") == "[>                             ]   0 %  x");
  CHECK(progress_line(0.5, "12 packets") == "[===============>              ]  50 %  12 packets");
  CHECK(progress_line(1, "done") == "[==============================] 100 %  done");
  CHECK(progress_line(7, "") == progress_line(1, ""));
}

TEST_CASE("the pacer holds packets until they are due, at the given speed") {
  RunMonitor monitor;
  ReplayPacer pacer(2.0, monitor);
  const auto start = std::chrono::steady_clock::now();
  CHECK(pacer(0).has_value());
  const auto allowed = pacer(200'000'000);  // 0.2 s of capture at twice its speed: 0.1 s
  CHECK(seconds_since(start) >= 0.099);
  REQUIRE(allowed.has_value());
  CHECK(*allowed >= 200'000'000);  // packets up to now may go without waiting again
}

TEST_CASE("the pacer waits at most max_wait for a long silence; Ctrl-C ends a wait") {
  RunMonitor monitor;
  ReplayPacer pacer(1.0, monitor, 50'000'000);  // 50 ms
  const auto start = std::chrono::steady_clock::now();
  CHECK(pacer(0).has_value());
  CHECK(pacer(3'600'000'000'000).has_value());  // an hour of silence
  CHECK(seconds_since(start) < 1.0);
  std::raise(SIGINT);
  CHECK(monitor.interrupted());
  CHECK_FALSE(pacer(3'600'100'000'000).has_value());
  CHECK_FALSE(monitor.update(0.5, "x"));
}
