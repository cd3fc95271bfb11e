// Captures, inside the router namespace, every packet as it enters the router (libpcap on the "any"
// device, inbound only: one conntrack pass per captured packet) and writes them to a pcap file.
//
//   RouterCapture capture;
//   if (auto started = capture.start(lab.router()); !started) ...;   // returns once packets are seen
//   ... traffic ...
//   auto written = capture.finish(cutoff, "trace.pcap");            // packets stamped after cutoff are left out
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace ctsh::kerneltest {

using WallTime = std::chrono::system_clock::time_point;

struct CapturedPacket {
  WallTime time;
  std::uint32_t original_length = 0;
  std::vector<std::uint8_t> bytes;
};

struct CaptureSummary {
  std::size_t packets = 0;  // written to the file
  WallTime last_packet;     // time of the last written packet
};

class RouterCapture {
 public:
  RouterCapture() = default;
  RouterCapture(const RouterCapture&) = delete;
  RouterCapture& operator=(const RouterCapture&) = delete;
  ~RouterCapture();

  // Starts capturing in `router_namespace`; returns once the capture is active.
  std::expected<void, std::string> start(const std::string& router_namespace);
  // Stops, then writes the packets stamped at or before `cutoff` to `file`.
  std::expected<CaptureSummary, std::string> finish(WallTime cutoff, const std::filesystem::path& file);

 private:
  void run(const std::string& router_namespace);

  std::jthread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> status_{0};  // 0 starting, 1 capturing, -1 failed
  std::string error_;
  int link_type_ = 0;
  std::vector<CapturedPacket> packets_;
};

}  // namespace ctsh::kerneltest
