// The progress bar and the Ctrl-C handler of long simulate runs.
#include "run_monitor.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <ctime>

#include <fmt/format.h>

namespace ctsh::cli {
namespace {

constexpr auto first_draw_after = std::chrono::milliseconds(500);
constexpr auto redraw_every = std::chrono::milliseconds(100);
constexpr int bar_width = 30;

volatile std::sig_atomic_t interrupt_requested = 0;

void request_interrupt(int) { interrupt_requested = 1; }

}  // namespace

std::string progress_line(double fraction, std::string_view detail) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  const int filled = static_cast<int>(fraction * bar_width);
  std::string bar(static_cast<std::size_t>(filled), '=');
  if (filled < bar_width) bar += '>';
  bar.resize(bar_width, ' ');
  return fmt::format("[{}] {:3d} %  {}", bar, static_cast<int>(fraction * 100), detail);
}

RunMonitor::RunMonitor()
    : terminal_(isatty(STDERR_FILENO) == 1), started_(std::chrono::steady_clock::now()), last_drawn_(started_) {
  interrupt_requested = 0;
  struct sigaction action {};
  action.sa_handler = request_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a wait returns at once
  sigaction(SIGINT, &action, &previous_);
}

RunMonitor::~RunMonitor() {
  erase_bar();
  sigaction(SIGINT, &previous_, nullptr);
}

bool RunMonitor::interrupted() const { return interrupt_requested != 0; }

bool RunMonitor::update(double fraction, std::string_view detail) {
  if (interrupted()) return false;
  if (!terminal_) return true;
  const auto now = std::chrono::steady_clock::now();
  if (now - started_ < first_draw_after || (drawn_ && now - last_drawn_ < redraw_every)) return true;
  const std::string line = "\r" + progress_line(fraction, detail) + "\033[K";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
  drawn_ = true;
  last_drawn_ = now;
  return true;
}

bool RunMonitor::wait(std::uint64_t nanoseconds) {
  timespec left{static_cast<time_t>(nanoseconds / 1'000'000'000), static_cast<long>(nanoseconds % 1'000'000'000)};
  while (!interrupted() && nanosleep(&left, &left) != 0 && errno == EINTR) {
  }
  return !interrupted();
}

void RunMonitor::erase_bar() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace ctsh::cli
