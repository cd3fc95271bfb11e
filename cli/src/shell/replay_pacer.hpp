// ReplayPacer: `simulate pcap FILE speed realtime|N`: holds each packet back until its capture time,
// divided by the speed, has passed on the wall clock since the pass began (ReplayOptions::pace). A
// silence in the capture longer than max_wait is waited for max_wait only (the engine still sees the
// capture's own times), and Ctrl-C ends any wait.
//
//   ReplayPacer pacer(2.0, monitor);            // twice capture speed
//   options.pace = std::ref(pacer);
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "run_monitor.hpp"

namespace ctsh::cli {

class ReplayPacer {
 public:
  static constexpr std::uint64_t default_max_wait_ns = 10'000'000'000;  // 10 s of wall time

  ReplayPacer(double speed, RunMonitor& monitor, std::uint64_t max_wait_ns = default_max_wait_ns)
      : speed_(speed), max_wait_ns_(static_cast<double>(max_wait_ns)), monitor_(monitor) {}

  // Waits until the packet `ahead_ns` of capture time into the pass is due; returns how far into the
  // capture packets may go before the next wait, or nullopt after Ctrl-C.
  std::optional<std::uint64_t> operator()(std::uint64_t ahead_ns);

 private:
  double speed_;
  double max_wait_ns_;
  RunMonitor& monitor_;
  bool started_ = false;
  std::chrono::steady_clock::time_point start_;
  double skipped_ns_ = 0;  // wall time not waited (silences cut to max_wait)
};

}  // namespace ctsh::cli
