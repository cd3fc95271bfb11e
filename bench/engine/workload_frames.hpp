// The flow shapes and packet steps of the OVS `ct-anchor` harness, and a batch of frame templates
// rewritten in place for each packet (addresses, ports, TCP seq/ack/flags), as that harness does.
//
//   FrameBatch batch(Shape::udp4);
//   batch.write(0, Step::udp_request, /*flow=*/7, /*pass=*/0);   // slot 0: 10.0.0.1:10007 -> 192.168.1.1:53
//   engine.process(batch.frames(1, time_ns), verdicts);
//
// Flow k is 10.0.0.(1 + k/50000):(10000 + k%50000) <-> 192.168.1.1:53 (UDP) or :80 (TCP); the IPv6
// shape is 2001:db8::(1 + k/50000) <-> 2001:db8:1::1. Not thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "ctsh/engine/frame.hpp"

namespace ctsh::bench {

inline constexpr std::size_t batch_size = 32;  // frames per Engine::process call, as OVS's batches
inline constexpr std::uint32_t flows_per_client_address = 50000;
inline constexpr std::uint32_t tcp_segment_bytes = 64;

enum class Shape : std::uint8_t { udp4, udp6, tcp4_control, tcp4_data };

// One packet kind of a workload. TCP steps follow one connection: handshake, data, close.
enum class Step : std::uint8_t {
  udp_request,      // client -> server
  udp_reply,        // server -> client
  udp_alternating,  // direction alternates from pass to pass (and from flow to flow)
  tcp_syn,
  tcp_syn_ack,
  tcp_ack,          // the handshake's last ACK
  tcp_data,         // 64-byte segments, alternating direction, seq/ack advancing with the pass
  tcp_fin,          // client FIN|ACK after the handshake (no data)
  tcp_fin_reply,    // server FIN|ACK
  tcp_last_ack,     // client ACK of the server's FIN
};

// Every step, in enum order, so that a single step can be handed out as a span.
inline constexpr Step every_step[] = {Step::udp_request, Step::udp_reply, Step::udp_alternating, Step::tcp_syn,
                                      Step::tcp_syn_ack, Step::tcp_ack, Step::tcp_data, Step::tcp_fin,
                                      Step::tcp_fin_reply, Step::tcp_last_ack};
inline std::span<const Step> single_step(Step step) { return {&every_step[static_cast<std::size_t>(step)], 1}; }
// A whole TCP connection: handshake, then a close from the client side (ends in TIME_WAIT).
inline constexpr Step tcp_connection_steps[] = {Step::tcp_syn, Step::tcp_syn_ack, Step::tcp_ack,
                                                Step::tcp_fin, Step::tcp_fin_reply, Step::tcp_last_ack};

// Whether flow `flow` travels server -> client in `step` on data pass `pass`.
bool is_reply(Step step, std::uint32_t flow, std::uint32_t pass);

// The flows 0..count-1 in a fixed-seed random order (the same every run).
std::vector<std::uint32_t> shuffled_flows(std::uint32_t count);
// The flows first..first+count-1 in order.
std::vector<std::uint32_t> ordered_flows(std::uint32_t first, std::uint32_t count);

// Flows 0..count-1 in flow order (for inserts) and in the fixed-seed shuffled order (for later passes).
struct FlowSet {
  explicit FlowSet(std::uint32_t count) : ordered(ordered_flows(0, count)), shuffled(shuffled_flows(count)) {}
  std::vector<std::uint32_t> ordered;
  std::vector<std::uint32_t> shuffled;
};

class FrameBatch {
 public:
  explicit FrameBatch(Shape shape);

  // Rewrites slot `slot` into packet `step` of flow `flow` (on data pass `pass`).
  void write(std::size_t slot, Step step, std::uint32_t flow, std::uint32_t pass);
  // The first `count` frames, stamped with `time_ns`.
  std::span<const engine::Frame> frames(std::size_t count, std::uint64_t time_ns);
  const std::uint8_t* bytes(std::size_t slot) const { return bytes_[slot]; }
  Shape shape() const { return shape_; }

 private:
  static constexpr std::size_t slot_bytes = 128;

  void write_addresses(std::uint8_t* frame, std::uint32_t flow, bool reply) const;
  static void write_tcp(std::uint8_t* frame, Step step, std::uint32_t flow, std::uint32_t pass);

  alignas(64) std::uint8_t bytes_[batch_size][slot_bytes];
  engine::Frame frames_[batch_size];
  Shape shape_;
  std::uint32_t header_sum_ = 0;  // IPv4: one's-complement sum of the header without addresses and checksum
};

}  // namespace ctsh::bench
