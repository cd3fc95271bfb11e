// observe_kernel: lab, server, capture and client in order; the table is read by a thread in the router.
#include "kernel_observation.hpp"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "conntrack_table.hpp"
#include "lab_client.hpp"
#include "lab_server.hpp"
#include "router_capture.hpp"
#include "router_lab.hpp"

namespace ctsh::kerneltest {

namespace {

constexpr auto settle_time = std::chrono::milliseconds(200);  // lets the last packets cross the router

struct TableRead {
  std::string text;
  WallTime time;
};

std::expected<TableRead, std::string> read_router_table(const std::string& router_namespace) {
  std::expected<TableRead, std::string> result = std::unexpected("table reader did not run");
  std::jthread([&] {
    if (auto entered = enter_namespace(router_namespace); !entered) {
      result = std::unexpected(entered.error());
      return;
    }
    std::ifstream file("/proc/thread-self/net/nf_conntrack");
    if (!file) {
      result = std::unexpected("cannot open the router's /proc/net/nf_conntrack");
      return;
    }
    std::ostringstream text;
    text << file.rdbuf();
    result = TableRead{text.str(), std::chrono::system_clock::now()};
  }).join();
  return result;
}

}  // namespace

std::filesystem::path work_directory_of_this_process() {
  return std::filesystem::temp_directory_path() / ("ctsh-kerneldiff-" + std::to_string(getpid()));
}

std::expected<KernelObservation, std::string> observe_kernel(const std::filesystem::path& work_directory) {
  auto lab = RouterLab::create();
  if (!lab) return std::unexpected("lab: " + lab.error());
  LabServer server;
  if (auto started = server.start(lab->server()); !started) return std::unexpected("server: " + started.error());
  RouterCapture capture;
  if (auto started = capture.start(lab->router()); !started) return std::unexpected("capture: " + started.error());
  auto traffic = run_client_traffic(lab->client());
  if (!traffic) return std::unexpected("client: " + traffic.error());
  std::this_thread::sleep_for(settle_time);
  auto table = read_router_table(lab->router());
  if (!table) return std::unexpected("table: " + table.error());
  KernelObservation observation;
  observation.capture_file = work_directory / "router.pcap";
  auto written = capture.finish(table->time, observation.capture_file);
  if (!written) return std::unexpected("capture: " + written.error());
  observation.kernel_text = table->text;
  observation.kernel_table = parse_proc_conntrack(table->text);
  observation.captured_packets = written->packets;
  observation.idle_seconds = std::chrono::duration<double>(table->time - written->last_packet).count();
  observation.steps = std::move(traffic->steps);
  return observation;
}

}  // namespace ctsh::kerneltest
