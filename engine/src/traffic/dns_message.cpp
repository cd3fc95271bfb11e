// DNS query and answer messages (RFC 1035 wire format): header, question, and for the answer one A
// record whose name points back at the question.
#include "traffic/dns_message.hpp"

#include <string>

namespace ctsh::engine {
namespace {

constexpr std::uint16_t flags_query = 0x0100;   // RD
constexpr std::uint16_t flags_answer = 0x8180;  // QR, RD, RA, NOERROR
constexpr std::uint16_t type_a = 1, class_in = 1;
constexpr std::uint32_t answer_ttl = 300;

void put16(std::vector<std::uint8_t>& out, std::uint16_t value) {
  out.push_back(static_cast<std::uint8_t>(value >> 8));
  out.push_back(static_cast<std::uint8_t>(value));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t value) {
  put16(out, static_cast<std::uint16_t>(value >> 16));
  put16(out, static_cast<std::uint16_t>(value));
}

void put_label(std::vector<std::uint8_t>& out, const std::string& label) {
  out.push_back(static_cast<std::uint8_t>(label.size()));
  out.insert(out.end(), label.begin(), label.end());
}

std::vector<std::uint8_t> message(std::uint16_t id, std::uint16_t flags, std::uint16_t answers,
                                  std::uint32_t host_number) {
  std::vector<std::uint8_t> out;
  out.reserve(64);
  put16(out, id);
  put16(out, flags);
  put16(out, 1);  // one question
  put16(out, answers);
  put16(out, 0);
  put16(out, 0);
  put_label(out, "host" + std::to_string(host_number));
  put_label(out, "example");
  put_label(out, "com");
  out.push_back(0);
  put16(out, type_a);
  put16(out, class_in);
  return out;
}

}  // namespace

std::vector<std::uint8_t> dns_query(std::uint16_t id, std::uint32_t host_number) {
  return message(id, flags_query, 0, host_number);
}

std::vector<std::uint8_t> dns_answer(std::uint16_t id, std::uint32_t host_number, std::uint32_t address) {
  std::vector<std::uint8_t> out = message(id, flags_answer, 1, host_number);
  put16(out, 0xc00c);  // the name at offset 12: the question's
  put16(out, type_a);
  put16(out, class_in);
  put32(out, answer_ttl);
  put16(out, 4);
  put32(out, address);
  return out;
}

}  // namespace ctsh::engine
