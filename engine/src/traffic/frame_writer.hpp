// FrameWriter: the batch a workload fills: each packet is built with PacketBuilder (an Ethernet frame)
// and its bytes appended to one buffer that is reused from batch to batch.
//
//   FrameWriter out;
//   out.add(spec, time_ns);
//   std::span<const Frame> frames = out.finish();   // valid until the next clear()
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "ctsh/engine/frame.hpp"
#include "ctsh/engine/packet_builder.hpp"

namespace ctsh::engine {

class FrameWriter {
 public:
  void clear();
  void add(const PacketSpec& spec, std::uint64_t time_ns);
  std::size_t size() const { return frames_.size(); }
  // The frames added since clear(), their data pointers set (the buffer no longer moves).
  std::span<const Frame> finish();

 private:
  std::vector<Frame> frames_;
  std::vector<std::size_t> offsets_;  // where each frame's bytes start in bytes_
  std::vector<std::uint8_t> bytes_;
};

}  // namespace ctsh::engine
