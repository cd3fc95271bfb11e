// The TCP connection states, packet classes and the kernel's two transition tables
// (nf_conntrack_proto_tcp.c tcp_conntracks[2][6][10], values as of Linux 6.x), as constexpr data.
#pragma once

#include <cstdint>

#include "ctsh/engine/conntrack_config.hpp"

namespace ctsh::engine {

// TCP_CONNTRACK_* values; invalid and ignore are the table's sIV and sIG.
enum TcpConntrack : std::uint8_t {
  tcp_none, tcp_syn_sent, tcp_syn_recv, tcp_established, tcp_fin_wait, tcp_close_wait,
  tcp_last_ack, tcp_time_wait, tcp_close, tcp_syn_sent2,
  tcp_state_count,
  tcp_invalid = tcp_state_count,
  tcp_ignore,
};

// Row of the table a packet selects (kernel enum tcp_bit_set); stored in TcpState::last_index.
enum TcpPacketClass : std::uint8_t {
  tcp_class_syn, tcp_class_synack, tcp_class_fin, tcp_class_ack, tcp_class_rst, tcp_class_none,
  tcp_class_count,
};

// Priority RST, SYN (with or without ACK), FIN, ACK, none (kernel get_conntrack_index()).
constexpr TcpPacketClass tcp_packet_class(std::uint8_t flags) {
  if (flags & tcp_rst) return tcp_class_rst;
  if (flags & tcp_syn) return (flags & tcp_ack) ? tcp_class_synack : tcp_class_syn;
  if (flags & tcp_fin) return tcp_class_fin;
  if (flags & tcp_ack) return tcp_class_ack;
  return tcp_class_none;
}

namespace tcp_table_cells {
inline constexpr std::uint8_t NO = tcp_none, SS = tcp_syn_sent, SR = tcp_syn_recv, ES = tcp_established,
                              FW = tcp_fin_wait, CW = tcp_close_wait, LA = tcp_last_ack, TW = tcp_time_wait,
                              CL = tcp_close, S2 = tcp_syn_sent2, IV = tcp_invalid, IG = tcp_ignore;

inline constexpr std::uint8_t transitions[2][tcp_class_count][tcp_state_count] = {
    {
        // original  NO  SS  SR  ES  FW  CW  LA  TW  CL  S2
        /* syn    */ {SS, SS, IG, IG, IG, IG, IG, SS, SS, S2},
        /* synack */ {IV, IV, SR, IV, IV, IV, IV, IV, IV, SR},
        /* fin    */ {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},
        /* ack    */ {ES, IV, ES, ES, CW, CW, TW, TW, CL, IV},
        /* rst    */ {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},
        /* none   */ {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV},
    },
    {
        // reply     NO  SS  SR  ES  FW  CW  LA  TW  CL  S2
        /* syn    */ {IV, S2, IV, IV, IV, IV, IV, SS, IV, S2},
        /* synack */ {IV, SR, IG, IG, IG, IG, IG, IG, IG, SR},
        /* fin    */ {IV, IV, FW, FW, LA, LA, LA, TW, CL, IV},
        /* ack    */ {IV, IG, SR, ES, CW, CW, TW, TW, CL, IG},
        /* rst    */ {IV, CL, CL, CL, CL, CL, CL, CL, CL, CL},
        /* none   */ {IV, IV, IV, IV, IV, IV, IV, IV, IV, IV},
    },
};
}  // namespace tcp_table_cells

// [direction][packet class][current state] -> new state, tcp_invalid or tcp_ignore.
inline constexpr auto& tcp_transitions = tcp_table_cells::transitions;

}  // namespace ctsh::engine
