// WorkloadSource: what every synthetic workload implements behind WorkloadGenerator: a state machine
// that appends its next packets, in time order, to a batch. One file per workload.
#pragma once

#include <cstddef>
#include <memory>

#include "ctsh/engine/workload.hpp"
#include "traffic/frame_writer.hpp"

namespace ctsh::engine {

class WorkloadSource {
 public:
  virtual ~WorkloadSource() = default;
  // Appends up to `count` next packets (times from 0 at the workload's start, below its duration);
  // appends none once the workload is over.
  virtual void fill(FrameWriter& out, std::size_t count) = 0;
};

std::unique_ptr<WorkloadSource> make_gateway_source(const GatewayWorkload& spec);      // gateway_workload.cpp
std::unique_ptr<WorkloadSource> make_syn_flood_source(const SynFloodWorkload& spec);   // syn_flood_workload.cpp
std::unique_ptr<WorkloadSource> make_udp_dns_source(const UdpDnsWorkload& spec);       // udp_dns_workload.cpp

// Packets of `rate` per second over `duration_ns` (the n-th is due at n * 1e9 / rate ns).
std::uint64_t packets_at_rate(std::uint64_t rate, std::uint64_t duration_ns);
inline std::uint64_t time_of_packet(std::uint64_t n, std::uint64_t rate) { return n * workload_second_ns / rate; }

}  // namespace ctsh::engine
