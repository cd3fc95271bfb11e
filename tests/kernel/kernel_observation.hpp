// One run of the lab: the scripted traffic through the router, the router's capture of it, and the kernel's
// conntrack table read in the router right after.
//
//   auto observed = observe_kernel(work_directory);   // a little over 2 s
//   observed->kernel_table, observed->capture_file, observed->idle_seconds
#pragma once

#include <expected>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ctsh::kerneltest {

struct KernelObservation {
  nlohmann::json kernel_table;         // parse_proc_conntrack of the router's /proc/net/nf_conntrack
  std::string kernel_text;             // the same, as the kernel printed it
  std::filesystem::path capture_file;  // every packet that entered the router before the table was read
  std::size_t captured_packets = 0;
  double idle_seconds = 0;             // from the last captured packet to the table read
  std::vector<std::string> steps;      // the traffic that was sent
};

// The directory this process keeps its capture and ctsh's config directory in (under the temp directory).
std::filesystem::path work_directory_of_this_process();

// Builds the lab, runs the traffic, reads the table, removes the lab; files go to `work_directory`.
std::expected<KernelObservation, std::string> observe_kernel(const std::filesystem::path& work_directory);

}  // namespace ctsh::kerneltest
