// The values of the simulate commands' arguments and options, each checked with a message that names
// the option, the text given and what it should be (`loop "x" is not a whole number`).
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace ctsh::cli {

inline constexpr std::uint64_t max_idle_seconds = 315'360'000;  // ten years
inline constexpr std::uint64_t max_replay_passes = 10'000;
inline constexpr double min_replay_speed = 0.01;
inline constexpr double max_replay_speed = 1000;

// "30", "0.5", "2.004": seconds with up to 9 decimals, as nanoseconds; nullopt when malformed or above
// max_seconds.
std::optional<std::uint64_t> parse_seconds(const std::string& text, std::uint64_t max_seconds);

// A whole number (decimal digits only, up to 2^64 - 1).
std::expected<std::uint64_t, std::string> parse_whole_number(std::string_view option, const std::string& text);
// Seconds of simulated time, fractions allowed; the range is the workload's to check.
std::expected<std::uint64_t, std::string> parse_duration(const std::string& text);
// `loop N`: 1 to max_replay_passes.
std::expected<std::uint64_t, std::string> parse_loop(const std::string& text);
// `speed max|realtime|N`: 0 for max (as fast as possible), else times capture speed.
std::expected<double, std::string> parse_speed(const std::string& text);

}  // namespace ctsh::cli
