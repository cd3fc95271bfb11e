// The SYN flood workload: SYNs at a steady rate from random spoofed sources in 100.64.0.0/10 (random
// ports and sequence numbers) to 198.18.0.80:80, none of them answered: every one is a new entry in
// SYN_SENT until the table fills and early drop starts.
#include "traffic/address_plan.hpp"
#include "traffic/random_stream.hpp"
#include "traffic/workload_source.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint32_t first_source = 0x64400000;  // 100.64.0.0
constexpr std::uint32_t source_count = 1u << 22;     // the /10
constexpr std::uint32_t target = 0xc6120050;         // 198.18.0.80
constexpr std::uint16_t target_port = 80;
constexpr std::uint16_t lowest_source_port = 1024;
constexpr std::uint16_t flood_window = 512;

class SynFloodSource final : public WorkloadSource {
 public:
  explicit SynFloodSource(const SynFloodWorkload& spec)
      : rate_(spec.rate), total_(packets_at_rate(spec.rate, spec.duration_ns)), random_state_(stream_seed(spec.seed, syn_flood_stream)) {}

  void fill(FrameWriter& out, std::size_t count) override {
    RandomStream random(random_state_);
    for (; out.size() < count && sent_ < total_; ++sent_) {
      PacketSpec spec;
      spec.src = ipv4_address(first_source + static_cast<std::uint32_t>(random.below(source_count)));
      spec.dst = ipv4_address(target);
      spec.protocol = 6;
      spec.sport = static_cast<std::uint16_t>(random.between(lowest_source_port, 0xffff));
      spec.dport = target_port;
      spec.seq = static_cast<std::uint32_t>(random.next());
      spec.tcp_flags = tcp_syn;
      spec.window = flood_window;
      out.add(spec, time_of_packet(sent_, rate_));
    }
  }

 private:
  std::uint64_t rate_;
  std::uint64_t total_;
  std::uint64_t sent_ = 0;
  std::uint64_t random_state_;
};

}  // namespace

std::unique_ptr<WorkloadSource> make_syn_flood_source(const SynFloodWorkload& spec) {
  return std::make_unique<SynFloodSource>(spec);
}

}  // namespace ctsh::engine
