// Wall-clock pacing of capture replays.
#include "replay_pacer.hpp"

namespace ctsh::cli {
namespace {

constexpr double slack_ns = 1e6;  // packets due within a millisecond go together

}  // namespace

std::optional<std::uint64_t> ReplayPacer::operator()(std::uint64_t ahead_ns) {
  const auto elapsed_ns = [&] {
    return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start_).count();
  };
  if (!started_) {
    started_ = true;
    start_ = std::chrono::steady_clock::now();
  }
  const double due_ns = static_cast<double>(ahead_ns) / speed_ - skipped_ns_;
  double wait_ns = due_ns - elapsed_ns();
  if (wait_ns > max_wait_ns_) {
    skipped_ns_ += wait_ns - max_wait_ns_;
    wait_ns = max_wait_ns_;
  }
  if (wait_ns > 0 && !monitor_.wait(static_cast<std::uint64_t>(wait_ns))) return std::nullopt;
  if (monitor_.interrupted()) return std::nullopt;
  return static_cast<std::uint64_t>((elapsed_ns() + skipped_ns_ + slack_ns) * speed_);
}

}  // namespace ctsh::cli
