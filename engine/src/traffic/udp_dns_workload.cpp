// The DNS workload: queries at a steady rate, each from a random client (10.0.0.1, 10.0.0.2, ...) and
// a new ephemeral port, to 198.19.0.53 or 198.19.0.54; the resolver answers 2-40 ms later, except 2 %
// of the queries, which go unanswered. Answers wait in a queue by time, so frames come out in order.
#include <cstdint>
#include <vector>

#include "traffic/address_plan.hpp"
#include "traffic/dns_message.hpp"
#include "traffic/random_stream.hpp"
#include "traffic/timed_queue.hpp"
#include "traffic/workload_source.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint64_t answer_delay_ns[] = {2'000'000, 40'000'000};
constexpr std::uint32_t unanswered_per_mille = 20;

struct Query {
  std::uint32_t client = 0;
  std::uint32_t resolver = 0;
  std::uint16_t sport = 0;
  std::uint16_t id = 0;
  std::uint16_t host = 0;
};

PacketSpec dns_packet(const Query& query, bool answer, std::span<const std::uint8_t> payload) {
  PacketSpec spec;
  const IpAddress client = ipv4_address(first_client_address + query.client);
  const IpAddress resolver = ipv4_address(query.resolver);
  spec.src = answer ? resolver : client;
  spec.dst = answer ? client : resolver;
  spec.protocol = 17;
  spec.sport = answer ? 53 : query.sport;
  spec.dport = answer ? query.sport : 53;
  spec.payload = payload;
  return spec;
}

class UdpDnsSource final : public WorkloadSource {
 public:
  explicit UdpDnsSource(const UdpDnsWorkload& spec)
      : rate_(spec.rate),
        duration_ns_(spec.duration_ns),
        total_(packets_at_rate(spec.rate, spec.duration_ns)),
        random_state_(stream_seed(spec.seed, dns_query_stream)),
        port_sequences_(spec.clients) {
    for (std::uint32_t client = 0; client < spec.clients; ++client) {
      port_sequences_[client] = static_cast<std::uint16_t>(stream_seed(spec.seed, dns_port_streams + client) % ephemeral_count);
    }
  }

  void fill(FrameWriter& out, std::size_t count) override {
    RandomStream random(random_state_);
    while (out.size() < count) {
      const bool query_left = sent_ < total_;
      const std::uint64_t query_time = query_left ? time_of_packet(sent_, rate_) : UINT64_MAX;
      if (!answers_.empty() && answers_.top().time_ns <= query_time) {
        const TimedEvent due = answers_.pop();
        const Query& query = pending_[due.id];
        out.add(dns_packet(query, true, dns_answer(query.id, query.host, first_server_address + query.host % server_count)), due.time_ns);
        free_.push_back(due.id);
        continue;
      }
      if (!query_left) break;
      send_query(random, query_time, out);
      ++sent_;
    }
  }

 private:
  void send_query(RandomStream& random, std::uint64_t now, FrameWriter& out) {
    Query query;
    query.client = static_cast<std::uint32_t>(random.below(port_sequences_.size()));
    std::uint16_t& sequence = port_sequences_[query.client];
    query.sport = static_cast<std::uint16_t>(ephemeral_first + sequence);
    sequence = static_cast<std::uint16_t>((sequence + 1) % ephemeral_count);
    query.resolver = resolver_addresses[random.below(std::size(resolver_addresses))];
    query.id = static_cast<std::uint16_t>(random.next());
    query.host = static_cast<std::uint16_t>(random.below(dns_host_names));
    out.add(dns_packet(query, false, dns_query(query.id, query.host)), now);
    const bool answered = !random.chance(unanswered_per_mille);
    const std::uint64_t answer_time = now + random.between(answer_delay_ns[0], answer_delay_ns[1]);
    if (!answered || answer_time >= duration_ns_) return;
    std::uint32_t slot = 0;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(pending_.size());
      pending_.push_back(query);
    } else {
      slot = free_.back();
      free_.pop_back();
      pending_[slot] = query;
    }
    answers_.push(answer_time, slot);
  }

  std::uint64_t rate_;
  std::uint64_t duration_ns_;
  std::uint64_t total_;
  std::uint64_t sent_ = 0;
  std::uint64_t random_state_;
  std::vector<std::uint16_t> port_sequences_;  // by client
  std::vector<Query> pending_;                 // queries whose answer is in answers_
  std::vector<std::uint32_t> free_;            // unused entries of pending_
  TimedQueue answers_;
};

}  // namespace

std::unique_ptr<WorkloadSource> make_udp_dns_source(const UdpDnsWorkload& spec) {
  return std::make_unique<UdpDnsSource>(spec);
}

}  // namespace ctsh::engine
