// DNS messages for the workloads: a query for hostN.example.com (type A, class IN) and its answer
// (one A record, TTL 300), in wire format, so that the captures the workloads write read as DNS.
//
//   std::vector<std::uint8_t> query = dns_query(id, 17);
//   std::vector<std::uint8_t> answer = dns_answer(id, 17, 0xc6120011);   // 198.18.0.17
#pragma once

#include <cstdint>
#include <vector>

namespace ctsh::engine {

std::vector<std::uint8_t> dns_query(std::uint16_t id, std::uint32_t host_number);
std::vector<std::uint8_t> dns_answer(std::uint16_t id, std::uint32_t host_number, std::uint32_t address);

}  // namespace ctsh::engine
