// The client side of the lab traffic, run inside the client namespace: every kind of flow the differential
// test compares (TCP closed, established, reset, refused and half-open; UDP replied, unreplied, refused and
// streaming; ICMP echo; the same over IPv6). Connections meant to stay open are held by the result.
//
//   auto traffic = run_client_traffic(lab.client());   // takes a little over 2 s (the UDP stream rule)
//   if (!traffic) FAIL(traffic.error());
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "lab_sockets.hpp"

namespace ctsh::kerneltest {

struct ClientTraffic {
  std::vector<Socket> open_sockets;  // established and half-open connections, kept until the table is read
  std::vector<std::string> steps;    // what was done, for messages
};

std::expected<ClientTraffic, std::string> run_client_traffic(const std::string& client_namespace);

}  // namespace ctsh::kerneltest
