// kernel_defaults(): a ConntrackConfig with every field set to the Linux kernel's defaults (6.18), for the
// engine's tests, benchmarks and fuzz target. The engine has no defaults of its own and the shell's
// are VyOS's (schema/), so code that builds an engine without the shell starts from these.
#pragma once

#include <cstdint>

#include "ctsh/engine/conntrack_config.hpp"

namespace ctsh::engine::test {

inline ConntrackConfig kernel_defaults(std::uint32_t table_size = 4096, std::uint32_t hash_size = 1024) {
  ConntrackConfig c;
  c.table_size = table_size;
  c.hash_size = hash_size;
  c.expect_table_size = 256;
  c.timeouts.tcp = {.close = 10, .close_wait = 60, .established = 432000, .fin_wait = 120,
                    .last_ack = 30, .syn_recv = 60, .syn_sent = 120, .time_wait = 120};
  c.timeouts.udp_other = 30;
  c.timeouts.udp_stream = 120;
  c.timeouts.icmp = 30;
  c.timeouts.other = 600;
  c.tcp = {.half_open_connections = 512, .loose = true, .max_retrans = 3};
  return c;
}

}  // namespace ctsh::engine::test
