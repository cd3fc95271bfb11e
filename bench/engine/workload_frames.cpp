// Frame templates of the benchmark workloads and their in-place rewriting per packet.
#include "workload_frames.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <random>
#include <stdexcept>

#include "ctsh/engine/packet_builder.hpp"

namespace ctsh::bench {
namespace {

using engine::IpAddress;
using engine::PacketSpec;

constexpr std::size_t ethernet_bytes = 14;
constexpr std::size_t ipv4_source = ethernet_bytes + 12;
constexpr std::size_t ipv4_checksum = ethernet_bytes + 10;
constexpr std::size_t ipv4_l4 = ethernet_bytes + 20;
constexpr std::size_t ipv6_source = ethernet_bytes + 8;
constexpr std::size_t ipv6_l4 = ethernet_bytes + 40;
constexpr std::uint16_t udp_server_port = 53;
constexpr std::uint16_t tcp_server_port = 80;
constexpr std::uint32_t shuffle_seed = 20260723;

IpAddress address(const char* text) { return engine::parse_ip(text).value(); }

void put16(std::uint8_t* at, std::uint16_t value) {
  at[0] = static_cast<std::uint8_t>(value >> 8);
  at[1] = static_cast<std::uint8_t>(value);
}

void put32(std::uint8_t* at, std::uint32_t value) {
  put16(at, static_cast<std::uint16_t>(value >> 16));
  put16(at + 2, static_cast<std::uint16_t>(value));
}

std::uint16_t get16(const std::uint8_t* at) { return static_cast<std::uint16_t>(at[0] << 8 | at[1]); }

std::uint16_t fold(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

bool is_ipv6(Shape shape) { return shape == Shape::udp6; }
bool is_tcp(Shape shape) { return shape == Shape::tcp4_control || shape == Shape::tcp4_data; }

// The client address's last byte (IPv4) or last 16-bit group (IPv6) of flow `flow`.
std::uint32_t client_host(std::uint32_t flow) { return 1 + flow / flows_per_client_address; }
std::uint16_t client_port(std::uint32_t flow) {
  return static_cast<std::uint16_t>(10000 + flow % flows_per_client_address);
}

// Initial sequence numbers of flow `flow`, spread over the sequence space.
std::uint32_t client_isn(std::uint32_t flow) { return flow * 0x9e3779b1u; }
std::uint32_t server_isn(std::uint32_t flow) { return ~(flow * 0x85ebca6bu); }

std::vector<std::uint8_t> template_frame(Shape shape) {
  static const std::vector<std::uint8_t> payload(tcp_segment_bytes, 0x5a);
  PacketSpec spec;
  spec.src = address(is_ipv6(shape) ? "2001:db8::1" : "10.0.0.1");
  spec.dst = address(is_ipv6(shape) ? "2001:db8:1::1" : "192.168.1.1");
  spec.protocol = is_tcp(shape) ? 6 : 17;
  spec.sport = client_port(0);
  spec.dport = is_tcp(shape) ? tcp_server_port : udp_server_port;
  spec.tcp_flags = engine::tcp_syn;
  if (shape == Shape::tcp4_data) spec.payload = payload;
  std::vector<std::uint8_t> frame = engine::build_frame(spec);
  if (shape == Shape::udp4) put16(&frame[ipv4_l4 + 6], 0);  // IPv4 UDP: no checksum
  return frame;
}

}  // namespace

bool is_reply(Step step, std::uint32_t flow, std::uint32_t pass) {
  switch (step) {
    case Step::udp_reply:
    case Step::tcp_syn_ack:
    case Step::tcp_fin_reply:
      return true;
    case Step::udp_alternating:
    case Step::tcp_data:
      return ((flow + pass) & 1) != 0;
    default:
      return false;
  }
}

std::vector<std::uint32_t> shuffled_flows(std::uint32_t count) {
  std::vector<std::uint32_t> flows = ordered_flows(0, count);
  std::mt19937_64 random(shuffle_seed);
  for (std::uint32_t i = count; i > 1; --i) {  // Fisher-Yates, spelled out so every library agrees
    std::swap(flows[i - 1], flows[random() % i]);
  }
  return flows;
}

std::vector<std::uint32_t> ordered_flows(std::uint32_t first, std::uint32_t count) {
  std::vector<std::uint32_t> flows(count);
  std::iota(flows.begin(), flows.end(), first);
  return flows;
}

FrameBatch::FrameBatch(Shape shape) : shape_(shape) {
  const std::vector<std::uint8_t> frame = template_frame(shape);
  if (frame.size() > slot_bytes) throw std::logic_error("frame template larger than its slot");
  for (std::size_t slot = 0; slot < batch_size; ++slot) {
    std::memset(bytes_[slot], 0, slot_bytes);
    std::memcpy(bytes_[slot], frame.data(), frame.size());
    frames_[slot] = engine::Frame{bytes_[slot], static_cast<std::uint32_t>(frame.size()), 0,
                                  engine::LinkType::ethernet, 0};
  }
  if (!is_ipv6(shape)) {
    for (std::size_t offset = ethernet_bytes; offset < ipv4_l4; offset += 2) {
      const bool skipped = offset == ipv4_checksum || (offset >= ipv4_source && offset < ipv4_source + 8);
      if (!skipped) header_sum_ += get16(&frame[offset]);
    }
  }
}

void FrameBatch::write(std::size_t slot, Step step, std::uint32_t flow, std::uint32_t pass) {
  std::uint8_t* frame = bytes_[slot];
  const bool reply = is_reply(step, flow, pass);
  write_addresses(frame, flow, reply);
  if (is_tcp(shape_)) write_tcp(frame, step, flow, pass);
}

std::span<const engine::Frame> FrameBatch::frames(std::size_t count, std::uint64_t time_ns) {
  for (std::size_t slot = 0; slot < count; ++slot) frames_[slot].time_ns = time_ns;
  return {frames_, count};
}

void FrameBatch::write_addresses(std::uint8_t* frame, std::uint32_t flow, bool reply) const {
  const std::uint32_t host = client_host(flow);
  const std::uint16_t port = client_port(flow);
  const std::uint16_t server_port = is_tcp(shape_) ? tcp_server_port : udp_server_port;
  if (is_ipv6(shape_)) {
    std::uint8_t* client = frame + ipv6_source + (reply ? 16 : 0);
    std::uint8_t* server = frame + ipv6_source + (reply ? 0 : 16);
    static const IpAddress client_base = address("2001:db8::");
    static const IpAddress server_address = address("2001:db8:1::1");
    std::memcpy(client, client_base.bytes.data(), 14);
    put16(client + 14, static_cast<std::uint16_t>(host));
    std::memcpy(server, server_address.bytes.data(), 16);
  } else {
    const std::uint32_t client = 0x0a000000u | host;  // 10.0.0.host
    const std::uint32_t server = 0xc0a80101u;         // 192.168.1.1
    put32(frame + ipv4_source, reply ? server : client);
    put32(frame + ipv4_source + 4, reply ? client : server);
    const std::uint32_t sum = header_sum_ + (client >> 16) + (client & 0xffff) + (server >> 16) + (server & 0xffff);
    put16(frame + ipv4_checksum, fold(sum));
  }
  std::uint8_t* l4 = frame + (is_ipv6(shape_) ? ipv6_l4 : ipv4_l4);
  put16(l4, reply ? server_port : port);
  put16(l4 + 2, reply ? port : server_port);
}

void FrameBatch::write_tcp(std::uint8_t* frame, Step step, std::uint32_t flow, std::uint32_t pass) {
  const std::uint32_t client = client_isn(flow);
  const std::uint32_t server = server_isn(flow);
  std::uint32_t seq = client + 1;
  std::uint32_t ack = server + 1;
  std::uint8_t flags = engine::tcp_ack;
  switch (step) {
    case Step::tcp_syn:
      seq = client;
      ack = 0;
      flags = engine::tcp_syn;
      break;
    case Step::tcp_syn_ack:
      seq = server;
      ack = client + 1;
      flags = engine::tcp_syn | engine::tcp_ack;
      break;
    case Step::tcp_data: {
      // Each data pass sends one segment per flow, the direction alternating, so each side has sent
      // this many segments before pass `pass`, and every segment acknowledges all the other side sent.
      const std::uint32_t client_segments = (pass + 1 - (flow & 1)) / 2;
      const std::uint32_t server_segments = pass - client_segments;
      const std::uint32_t client_next = client + 1 + tcp_segment_bytes * client_segments;
      const std::uint32_t server_next = server + 1 + tcp_segment_bytes * server_segments;
      const bool reply = is_reply(step, flow, pass);
      seq = reply ? server_next : client_next;
      ack = reply ? client_next : server_next;
      flags = engine::tcp_psh | engine::tcp_ack;
      break;
    }
    case Step::tcp_fin:
      flags = engine::tcp_fin | engine::tcp_ack;
      break;
    case Step::tcp_fin_reply:
      seq = server + 1;
      ack = client + 2;
      flags = engine::tcp_fin | engine::tcp_ack;
      break;
    case Step::tcp_last_ack:
      seq = client + 2;
      ack = server + 2;
      break;
    default:  // tcp_ack
      break;
  }
  std::uint8_t* tcp = frame + ipv4_l4;
  put32(tcp + 4, seq);
  put32(tcp + 8, ack);
  tcp[13] = flags;
}

}  // namespace ctsh::bench
