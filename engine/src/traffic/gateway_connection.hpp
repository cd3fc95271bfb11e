// The gateway workload's connection slots: each slot of a user runs one connection after another, and
// step() sends the slot's next packet (client -> server or back, as the gateway sees them) and says
// when the one after it is due. The mix and the timings are README.md's "Synthetic workloads" table.
//
//   ConnectionSlot slot{.random = stream_seed(seed, index)};
//   SlotContext context{user_address, ports[user]};
//   std::uint64_t next = step_connection(slot, context, now, out);   // no_more_packets: the slot is done
#pragma once

#include <cstdint>
#include <limits>

#include "traffic/frame_writer.hpp"

namespace ctsh::engine {

enum class ConnectionKind : std::uint8_t { web, web_server_close, refused, long_lived, idle, dns, udp_stream };

struct ConnectionShare {
  ConnectionKind kind;
  std::uint16_t server_port;
  std::uint32_t per_mille;  // of new connections
};

// The mix of new connections; the shares add up to 1000.
inline constexpr ConnectionShare connection_mix[] = {
    {ConnectionKind::web, 443, 450},       {ConnectionKind::web_server_close, 80, 50},
    {ConnectionKind::refused, 8080, 30},   {ConnectionKind::long_lived, 5228, 50},
    {ConnectionKind::idle, 993, 50},       {ConnectionKind::dns, 53, 300},
    {ConnectionKind::udp_stream, 443, 70},
};

// Where a connection is in its life cycle: the packet its next step sends.
enum class ConnectionStep : std::uint8_t {
  open,             // a new connection: SYN, DNS query or the first datagram
  syn_ack,          // server
  handshake_ack,    // client: the handshake's last ACK
  request,          // client data
  response,         // server data, one segment at a time
  client_ack,       // client ACK of the response
  client_fin,       // client closes: FIN, server FIN, client ACK (TIME_WAIT)
  server_fin_ack,
  client_last_ack,
  server_fin,       // server closes: FIN, client FIN, server ACK (TIME_WAIT)
  client_fin_ack,
  server_last_ack,
  reset,            // server refuses the SYN: RST
  dns_reply,        // resolver
  datagram,         // UDP stream, either direction
};

struct ConnectionSlot {
  std::uint64_t random = 0;     // the slot's RandomStream state
  std::uint64_t until_ns = 0;   // long-lived, idle and stream connections: when they end
  std::uint32_t server = 0;     // IPv4, host order
  std::uint32_t client_seq = 0; // next sequence number of each side
  std::uint32_t server_seq = 0;
  std::uint32_t rtt_ns = 0;     // gateway -> server -> gateway
  std::uint32_t response_left = 0;  // bytes of the current response still to send
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  std::uint16_t dns_id = 0;
  std::uint16_t dns_host = 0;   // the query is for host<N>.example.com
  ConnectionKind kind = ConnectionKind::web;
  ConnectionStep step = ConnectionStep::open;
  std::uint8_t exchanges_left = 0;
};

// What a slot shares with the other slots of its user.
struct SlotContext {
  std::uint32_t client;          // the user's address, host order
  std::uint16_t& port_sequence;  // the user's next ephemeral port (an offset into the range)
};

inline constexpr std::uint64_t no_more_packets = std::numeric_limits<std::uint64_t>::max();

// Sends the slot's packet due at `now` into `out`; returns when its next packet is due.
std::uint64_t step_connection(ConnectionSlot& slot, const SlotContext& context, std::uint64_t now, FrameWriter& out);

}  // namespace ctsh::engine
