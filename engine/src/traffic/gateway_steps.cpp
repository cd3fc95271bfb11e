// The gateway workload's connection life cycles, one packet per step: TCP handshakes, requests and
// responses with consistent sequence numbers (so that window tracking accepts every segment), closes
// from either side into TIME_WAIT, refused SYNs, idle and long-lived connections, DNS lookups and UDP
// streams. Times are as the gateway sees them: the client is a LAN hop away, the server an RTT.
#include <algorithm>

#include "traffic/address_plan.hpp"
#include "traffic/dns_message.hpp"
#include "traffic/gateway_connection.hpp"
#include "traffic/random_stream.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint64_t us = 1'000, ms = 1'000 * us, s = 1'000 * ms;

constexpr std::uint32_t segment_bytes = 1448;  // a 1500-byte MTU's TCP payload with timestamps off
constexpr std::uint16_t advertised_window = 64240;
constexpr std::uint8_t syn_options[] = {2, 4, 0x05, 0xb4, 4, 2};  // MSS 1460, SACK permitted
const std::uint8_t zero_payload[segment_bytes] = {};

constexpr std::uint32_t popular_servers = 64;  // half of the connections go to these

// Timings, uniform between the two bounds.
constexpr std::uint64_t lan_delay[] = {100 * us, 500 * us};
constexpr std::uint64_t round_trip[] = {10 * ms, 120 * ms};
constexpr std::uint64_t server_time[] = {1 * ms, 30 * ms};
constexpr std::uint64_t segment_gap = 100 * us;
constexpr std::uint64_t pause_between_connections[] = {50 * ms, 2 * s};
constexpr std::uint64_t web_think[] = {0, 2 * s};
constexpr std::uint64_t web_keep_alive[] = {5 * s, 30 * s};  // idle after the last exchange, then the close
constexpr std::uint64_t web_exchanges[] = {1, 5};
constexpr std::uint64_t web_request_bytes[] = {200, 900};
constexpr std::uint64_t web_response_bytes[] = {200, 12'000};
constexpr std::uint64_t long_lived_lifetime[] = {60 * s, 600 * s};
constexpr std::uint64_t long_lived_interval[] = {5 * s, 30 * s};
constexpr std::uint64_t long_lived_bytes[] = {50, 600};
constexpr std::uint64_t idle_silence[] = {60 * s, 600 * s};
constexpr std::uint64_t dns_delay[] = {2 * ms, 40 * ms};
constexpr std::uint32_t dns_unanswered_per_mille = 20;
constexpr std::uint64_t dns_give_up = 1 * s;
constexpr std::uint64_t stream_lifetime[] = {2 * s, 60 * s};
constexpr std::uint64_t stream_gap[] = {20 * ms, 100 * ms};
constexpr std::uint64_t stream_bytes[] = {100, 1200};

std::uint64_t draw(RandomStream& random, const std::uint64_t (&range)[2]) { return random.between(range[0], range[1]); }

PacketSpec tcp_packet(const ConnectionSlot& slot, const SlotContext& context, bool from_client, std::uint8_t flags,
                      std::uint32_t payload_bytes) {
  PacketSpec spec;
  const IpAddress client = ipv4_address(context.client);
  const IpAddress server = ipv4_address(slot.server);
  spec.src = from_client ? client : server;
  spec.dst = from_client ? server : client;
  spec.protocol = 6;
  spec.sport = from_client ? slot.sport : slot.dport;
  spec.dport = from_client ? slot.dport : slot.sport;
  spec.seq = from_client ? slot.client_seq : slot.server_seq;
  if (flags & tcp_ack) spec.ack = from_client ? slot.server_seq : slot.client_seq;
  spec.tcp_flags = flags;
  spec.window = advertised_window;
  if (flags & tcp_syn) spec.tcp_options = syn_options;
  spec.payload = {zero_payload, payload_bytes};
  return spec;
}

PacketSpec udp_packet(const ConnectionSlot& slot, const SlotContext& context, bool from_client,
                      std::span<const std::uint8_t> payload) {
  PacketSpec spec;
  const IpAddress client = ipv4_address(context.client);
  const IpAddress server = ipv4_address(slot.server);
  spec.src = from_client ? client : server;
  spec.dst = from_client ? server : client;
  spec.protocol = 17;
  spec.sport = from_client ? slot.sport : slot.dport;
  spec.dport = from_client ? slot.dport : slot.sport;
  spec.payload = payload;
  return spec;
}

// Sends `bytes` of data from one side and moves its sequence number past them (and past SYN/FIN).
void send_tcp(ConnectionSlot& slot, const SlotContext& context, bool from_client, std::uint8_t flags,
              std::uint32_t bytes, std::uint64_t now, FrameWriter& out) {
  out.add(tcp_packet(slot, context, from_client, flags, bytes), now);
  const std::uint32_t advance = bytes + ((flags & (tcp_syn | tcp_fin)) ? 1 : 0);
  (from_client ? slot.client_seq : slot.server_seq) += advance;
}

ConnectionKind draw_kind(RandomStream& random) {
  std::uint64_t pick = random.below(1000);
  for (const ConnectionShare& share : connection_mix) {
    if (pick < share.per_mille) return share.kind;
    pick -= share.per_mille;
  }
  return ConnectionKind::web;
}

std::uint16_t port_of(ConnectionKind kind) {
  for (const ConnectionShare& share : connection_mix) {
    if (share.kind == kind) return share.server_port;
  }
  return 443;
}

std::uint32_t draw_server(RandomStream& random) {
  const bool popular = random.chance(500);
  return first_server_address + static_cast<std::uint32_t>(random.below(popular ? popular_servers : server_count));
}

// The slot is done with its connection: the next one opens after a pause.
std::uint64_t next_connection(ConnectionSlot& slot, RandomStream& random, std::uint64_t now) {
  slot.step = ConnectionStep::open;
  return now + draw(random, pause_between_connections);
}

std::uint64_t open_connection(ConnectionSlot& slot, const SlotContext& context, RandomStream& random,
                              std::uint64_t now, FrameWriter& out) {
  slot.kind = draw_kind(random);
  slot.dport = port_of(slot.kind);
  slot.sport = static_cast<std::uint16_t>(ephemeral_first + context.port_sequence % ephemeral_count);
  context.port_sequence = static_cast<std::uint16_t>((context.port_sequence + 1) % ephemeral_count);
  slot.rtt_ns = static_cast<std::uint32_t>(draw(random, round_trip));
  slot.server = draw_server(random);
  switch (slot.kind) {
    case ConnectionKind::dns: {
      slot.server = resolver_addresses[random.below(std::size(resolver_addresses))];
      slot.dns_id = static_cast<std::uint16_t>(random.next());
      slot.dns_host = static_cast<std::uint16_t>(random.below(dns_host_names));
      out.add(udp_packet(slot, context, true, dns_query(slot.dns_id, slot.dns_host)), now);
      if (random.chance(dns_unanswered_per_mille)) return next_connection(slot, random, now + dns_give_up);
      slot.step = ConnectionStep::dns_reply;
      return now + draw(random, dns_delay);
    }
    case ConnectionKind::udp_stream:
      slot.until_ns = now + draw(random, stream_lifetime);
      out.add(udp_packet(slot, context, true, {zero_payload, static_cast<std::size_t>(draw(random, stream_bytes))}), now);
      slot.step = ConnectionStep::datagram;
      return now + draw(random, stream_gap);
    default:
      break;
  }
  slot.client_seq = static_cast<std::uint32_t>(random.next());
  slot.server_seq = static_cast<std::uint32_t>(random.next());
  switch (slot.kind) {
    case ConnectionKind::web: slot.exchanges_left = static_cast<std::uint8_t>(draw(random, web_exchanges)); break;
    case ConnectionKind::long_lived:
      slot.exchanges_left = 1;
      slot.until_ns = now + draw(random, long_lived_lifetime);
      break;
    default: slot.exchanges_left = 1; break;
  }
  send_tcp(slot, context, true, tcp_syn, 0, now, out);
  slot.step = slot.kind == ConnectionKind::refused ? ConnectionStep::reset : ConnectionStep::syn_ack;
  return now + slot.rtt_ns;
}

// After the client acknowledged a response (web, long-lived and idle connections; a server-closed one
// closes right after its response): another request, a silence, or the close.
std::uint64_t after_exchange(ConnectionSlot& slot, RandomStream& random, std::uint64_t now) {
  switch (slot.kind) {
    case ConnectionKind::web:
      if (--slot.exchanges_left > 0) {
        slot.step = ConnectionStep::request;
        return now + draw(random, web_think);
      }
      slot.step = ConnectionStep::client_fin;
      return now + draw(random, web_keep_alive);
    case ConnectionKind::long_lived: {
      const std::uint64_t next = now + draw(random, long_lived_interval);
      slot.step = next < slot.until_ns ? ConnectionStep::request : ConnectionStep::client_fin;
      return std::max(std::min(next, slot.until_ns), now + draw(random, lan_delay));
    }
    default:  // idle: silent after its one exchange, then closed by the client
      slot.until_ns = now + draw(random, idle_silence);
      slot.step = ConnectionStep::client_fin;
      return slot.until_ns;
  }
}

std::uint32_t request_bytes(const ConnectionSlot& slot, RandomStream& random) {
  return static_cast<std::uint32_t>(
      draw(random, slot.kind == ConnectionKind::long_lived ? long_lived_bytes : web_request_bytes));
}

std::uint32_t response_bytes(const ConnectionSlot& slot, RandomStream& random) {
  return static_cast<std::uint32_t>(
      draw(random, slot.kind == ConnectionKind::long_lived ? long_lived_bytes : web_response_bytes));
}

}  // namespace

std::uint64_t step_connection(ConnectionSlot& slot, const SlotContext& context, std::uint64_t now, FrameWriter& out) {
  RandomStream random(slot.random);
  switch (slot.step) {
    case ConnectionStep::open: return open_connection(slot, context, random, now, out);
    case ConnectionStep::syn_ack:
      send_tcp(slot, context, false, tcp_syn | tcp_ack, 0, now, out);
      slot.step = ConnectionStep::handshake_ack;
      return now + draw(random, lan_delay);
    case ConnectionStep::handshake_ack:
      send_tcp(slot, context, true, tcp_ack, 0, now, out);
      slot.step = ConnectionStep::request;
      return now + draw(random, lan_delay);
    case ConnectionStep::request:
      send_tcp(slot, context, true, tcp_psh | tcp_ack, request_bytes(slot, random), now, out);
      slot.response_left = response_bytes(slot, random);
      slot.step = ConnectionStep::response;
      return now + slot.rtt_ns + draw(random, server_time);
    case ConnectionStep::response: {
      const std::uint32_t bytes = std::min(slot.response_left, segment_bytes);
      slot.response_left -= bytes;
      const bool last = slot.response_left == 0;
      send_tcp(slot, context, false, last ? tcp_psh | tcp_ack : tcp_ack, bytes, now, out);
      if (!last) return now + segment_gap;
      const bool server_closes = slot.kind == ConnectionKind::web_server_close;
      slot.step = server_closes ? ConnectionStep::server_fin : ConnectionStep::client_ack;
      return now + (server_closes ? segment_gap : draw(random, lan_delay));
    }
    case ConnectionStep::client_ack:
      send_tcp(slot, context, true, tcp_ack, 0, now, out);
      return after_exchange(slot, random, now);
    case ConnectionStep::client_fin:
      send_tcp(slot, context, true, tcp_fin | tcp_ack, 0, now, out);
      slot.step = ConnectionStep::server_fin_ack;
      return now + slot.rtt_ns;
    case ConnectionStep::server_fin_ack:
      send_tcp(slot, context, false, tcp_fin | tcp_ack, 0, now, out);
      slot.step = ConnectionStep::client_last_ack;
      return now + draw(random, lan_delay);
    case ConnectionStep::client_last_ack:
      send_tcp(slot, context, true, tcp_ack, 0, now, out);
      return next_connection(slot, random, now);
    case ConnectionStep::server_fin:
      send_tcp(slot, context, false, tcp_fin | tcp_ack, 0, now, out);
      slot.step = ConnectionStep::client_fin_ack;
      return now + draw(random, lan_delay);
    case ConnectionStep::client_fin_ack:
      send_tcp(slot, context, true, tcp_fin | tcp_ack, 0, now, out);
      slot.step = ConnectionStep::server_last_ack;
      return now + slot.rtt_ns;
    case ConnectionStep::server_last_ack:
      send_tcp(slot, context, false, tcp_ack, 0, now, out);
      return next_connection(slot, random, now);
    case ConnectionStep::reset: {
      PacketSpec spec = tcp_packet(slot, context, false, tcp_rst | tcp_ack, 0);
      spec.seq = 0;  // as Linux answers a SYN to a closed port
      out.add(spec, now);
      return next_connection(slot, random, now);
    }
    case ConnectionStep::dns_reply:
      out.add(udp_packet(slot, context, false, dns_answer(slot.dns_id, slot.dns_host, draw_server(random))), now);
      return next_connection(slot, random, now);
    case ConnectionStep::datagram: {
      const bool from_client = random.chance(500);
      out.add(udp_packet(slot, context, from_client, {zero_payload, static_cast<std::size_t>(draw(random, stream_bytes))}),
              now);
      const std::uint64_t next = now + draw(random, stream_gap);
      if (next < slot.until_ns) return next;
      return next_connection(slot, random, now);
    }
  }
  return no_more_packets;
}

}  // namespace ctsh::engine
