// FrameWriter: frames built one by one into a reused byte buffer, pointers fixed once the batch is done.
#include "traffic/frame_writer.hpp"

namespace ctsh::engine {

void FrameWriter::clear() {
  frames_.clear();
  offsets_.clear();
  bytes_.clear();
}

void FrameWriter::add(const PacketSpec& spec, std::uint64_t time_ns) {
  const std::vector<std::uint8_t> frame = build_frame(spec);
  offsets_.push_back(bytes_.size());
  bytes_.insert(bytes_.end(), frame.begin(), frame.end());
  frames_.push_back(Frame{nullptr, static_cast<std::uint32_t>(frame.size()), time_ns, LinkType::ethernet, 0});
}

std::span<const Frame> FrameWriter::finish() {
  for (std::size_t i = 0; i < frames_.size(); ++i) frames_[i].data = bytes_.data() + offsets_[i];
  return frames_;
}

}  // namespace ctsh::engine
