// Entry point of kernel_differential_tests: runs the tests that need network namespaces only where the
// machine permits them (else prints why and exits 77, which ctest reports as skipped), under a watchdog
// that removes the namespaces and files and ends the run if it takes too long or is interrupted.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "kernel_observation.hpp"
#include "router_lab.hpp"

namespace {

constexpr int skipped_exit_code = 77;  // SKIP_RETURN_CODE in tests/kernel/CMakeLists.txt
constexpr int watchdog_seconds = 50;   // below the ctest TIMEOUT, so the cleanup still runs

// Waits for SIGINT/SIGTERM/SIGHUP or the time limit, then cleans up and ends the process.
void start_watchdog(const sigset_t& signals) {
  std::thread([signals] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(watchdog_seconds);
    int received = -1;
    while (received < 0 && std::chrono::steady_clock::now() < deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline - std::chrono::steady_clock::now());
      const timespec limit{static_cast<time_t>(left.count() / 1'000'000'000), static_cast<long>(left.count() % 1'000'000'000)};
      received = sigtimedwait(&signals, nullptr, &limit);  // -1 on EINTR (wait again) or EAGAIN (time is up)
    }
    std::fprintf(stderr, received > 0 ? "kernel_differential_tests: interrupted, removing the lab\n"
                                      : "kernel_differential_tests: time limit reached, removing the lab\n");
    ctsh::kerneltest::delete_namespaces_of_this_process();
    std::error_code ignored;
    std::filesystem::remove_all(ctsh::kerneltest::work_directory_of_this_process(), ignored);
    _exit(received > 0 ? 128 + received : 124);
  }).detach();
}

}  // namespace

int main(int argc, char** argv) {
  sigset_t signals;
  sigemptyset(&signals);
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals, signal_number);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts, so all of them inherit the mask
  start_watchdog(signals);

  doctest::Context context;
  context.applyCommandLine(argc, argv);
  const auto permitted = ctsh::kerneltest::RouterLab::check_permitted();
  if (!permitted) {
    std::printf("SKIPPED kernel differential tests: %s\n", permitted.error().c_str());
    context.addFilter("test-case-exclude", "kernel:*");
  }
  const int result = context.run();
  if (context.shouldExit() || result != 0) return result;
  return permitted ? 0 : skipped_exit_code;
}
