// CaptureWriter: the classic pcap file (nanosecond timestamps, Ethernet) that the test tools write,
// one packet every 10 ms from 2023-11-14 22:13:20 UTC.
//
//   CaptureWriter out("sample.pcap");
//   if (out.ok()) out.add(spec);
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <vector>

#include "ctsh/engine/packet_builder.hpp"

class CaptureWriter {
 public:
  explicit CaptureWriter(const char* file)
      : dead_(pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_NANO)),
        dumper_(dead_ ? pcap_dump_open(dead_, file) : nullptr) {}
  ~CaptureWriter() {
    if (dumper_) pcap_dump_close(dumper_);
    if (dead_) pcap_close(dead_);
  }
  CaptureWriter(const CaptureWriter&) = delete;
  CaptureWriter& operator=(const CaptureWriter&) = delete;
  bool ok() const { return dumper_ != nullptr; }

  // Writes one packet, 10 ms after the previous one.
  void add(const ctsh::engine::PacketSpec& spec) {
    const std::vector<std::uint8_t> frame = ctsh::engine::build_frame(spec);
    time_ns_ += 10'000'000;
    pcap_pkthdr header{};
    header.ts.tv_sec = static_cast<time_t>(time_ns_ / 1'000'000'000);
    header.ts.tv_usec = static_cast<suseconds_t>(time_ns_ % 1'000'000'000);  // nanoseconds in a nano pcap
    header.caplen = header.len = static_cast<bpf_u_int32>(frame.size());
    pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, frame.data());
  }

 private:
  pcap_t* dead_;
  pcap_dumper_t* dumper_;
  std::uint64_t time_ns_ = 1'700'000'000'000'000'000ull;
};
