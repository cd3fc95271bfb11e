// Parsers of the simulate commands' values, strict about their form (no signs, spaces or exponents).
#include "simulate_values.hpp"

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

namespace ctsh::cli {
namespace {

bool all_digits(std::string_view text) { return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos; }

}  // namespace

std::optional<std::uint64_t> parse_seconds(const std::string& text, std::uint64_t max_seconds) {
  const std::size_t dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if ((whole.empty() && fraction.empty()) || fraction.size() > 9) return std::nullopt;
  if (!whole.empty() && !all_digits(whole)) return std::nullopt;
  if (!fraction.empty() && !all_digits(fraction)) return std::nullopt;
  if (dot != std::string::npos && fraction.empty()) return std::nullopt;
  std::uint64_t seconds = 0;
  if (!whole.empty()) {
    auto [end, error] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
    if (error != std::errc{} || seconds > max_seconds) return std::nullopt;
  }
  std::uint64_t nanoseconds = 0;
  for (std::size_t i = 0; i < 9; ++i) nanoseconds = nanoseconds * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  if (seconds == max_seconds && nanoseconds > 0) return std::nullopt;
  return seconds * 1'000'000'000 + nanoseconds;
}

std::expected<std::uint64_t, std::string> parse_whole_number(std::string_view option, const std::string& text) {
  std::uint64_t value = 0;
  if (all_digits(text)) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc{}) return value;
  }
  return std::unexpected(fmt::format("{} \"{}\" is not a whole number (0 to 18446744073709551615)", option, text));
}

std::expected<std::uint64_t, std::string> parse_duration(const std::string& text) {
  // Beyond a million seconds the workload's own bound says what is allowed.
  if (auto ns = parse_seconds(text, 1'000'000'000)) return *ns;
  return std::unexpected(fmt::format("duration \"{}\" is not a number of seconds (e.g. 60 or 0.5)", text));
}

std::expected<std::uint64_t, std::string> parse_loop(const std::string& text) {
  auto passes = parse_whole_number("loop", text);
  if (!passes) return passes;
  if (*passes < 1 || *passes > max_replay_passes) {
    return std::unexpected(fmt::format("loop {} is out of range: give 1 to {} passes", *passes, max_replay_passes));
  }
  return passes;
}

std::expected<double, std::string> parse_speed(const std::string& text) {
  if (text == "max") return 0.0;
  if (text == "realtime") return 1.0;
  const std::size_t dot = text.find('.');
  const bool well_formed = all_digits(text.substr(0, dot)) &&
                           (dot == std::string::npos || all_digits(std::string_view(text).substr(dot + 1)));
  if (!well_formed || text.size() > 20) {
    return std::unexpected(fmt::format("speed \"{}\" is not max, realtime or a number (e.g. 2 or 0.5)", text));
  }
  const double speed = std::strtod(text.c_str(), nullptr);
  if (speed < min_replay_speed || speed > max_replay_speed) {
    return std::unexpected(fmt::format("speed {} is out of range: give {} to {} times capture speed", text,
                                       min_replay_speed, max_replay_speed));
  }
  return speed;
}

}  // namespace ctsh::cli
