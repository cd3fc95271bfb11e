// RunMonitor: what a long simulate run shows and hears on a terminal. A progress bar on standard error
// when it is a terminal (none otherwise), drawn once the run has taken half a second, redrawn at most
// ten times a second and erased at the end; and Ctrl-C, which stops the run after its current batch
// (the shell and its state carry on) instead of killing the process.
//
//   RunMonitor monitor;
//   while (...) { if (!monitor.update(done / total, "12345 packets")) break; }   // false: Ctrl-C
#pragma once

#include <chrono>
#include <csignal>
#include <cstdint>
#include <string>
#include <string_view>

namespace ctsh::cli {

class RunMonitor {
 public:
  RunMonitor();
  ~RunMonitor();
  RunMonitor(const RunMonitor&) = delete;
  RunMonitor& operator=(const RunMonitor&) = delete;

  // Reports progress (`fraction` from 0 to 1, `detail` beside the bar); false once Ctrl-C was pressed.
  bool update(double fraction, std::string_view detail);
  // Waits `nanoseconds` of wall time; false when Ctrl-C cut it short.
  bool wait(std::uint64_t nanoseconds);
  bool interrupted() const;

 private:
  void erase_bar();

  struct sigaction previous_ {};
  bool terminal_ = false;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_drawn_;
};

// The bar line for `fraction` done: "[=========>          ]  45 %  detail" (a pure function, for tests).
std::string progress_line(double fraction, std::string_view detail);

}  // namespace ctsh::cli
