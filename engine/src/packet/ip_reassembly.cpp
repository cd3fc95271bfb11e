// Fragment reassembly (see ip_reassembly.hpp). The checks follow the kernel's ip_frag_queue() for
// IPv4 and nf_ct_frag6_queue() for IPv6, which differ: IPv4 trims a non-last fragment to a multiple
// of 8 and discards the datagram on inconsistent lengths; IPv6 passes a fragment that is not a
// multiple of 8 on unreassembled and only drops the offending fragment on inconsistent lengths.
#include "packet/ip_reassembly.hpp"

#include <algorithm>

#include "packet/byte_order.hpp"
#include "packet/checksum.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint64_t ns_per_second = 1'000'000'000;
constexpr std::uint64_t ipv4_timeout_ns = 30 * ns_per_second;  // ipfrag_time
constexpr std::uint64_t ipv6_timeout_ns = 60 * ns_per_second;  // nf_conntrack_frag6_timeout
constexpr std::size_t high_thresh = 4 * 1024 * 1024;           // ipfrag_high_thresh, frag6_high_thresh
constexpr std::size_t skb_overhead = 576;                      // SKB_TRUESIZE(0) on x86_64
constexpr std::uint32_t max_ip_length = 65535;
constexpr std::uint8_t ecn_not_ect = 1;  // the bit of codepoint 0 in Queue::ecn_seen

std::size_t family_index(Family family) { return static_cast<std::size_t>(family); }

}  // namespace

IpReassembly::IpReassembly() = default;

std::size_t IpReassembly::KeyHash::operator()(const FragmentKey& key) const {
  std::uint64_t h = 0xcbf29ce484222325ull;
  const auto mix = [&h](std::uint64_t value) { h = (h ^ value) * 0x100000001b3ull; };
  mix(static_cast<std::uint64_t>(key.family) | (std::uint64_t{key.protocol} << 8) |
      (std::uint64_t{key.interface} << 16) | (std::uint64_t{key.id} << 32));
  for (std::size_t i = 0; i < 16; i += 4) {
    mix(load_be32(key.src.data() + i));
    mix(load_be32(key.dst.data() + i));
  }
  return static_cast<std::size_t>(h);
}

// The kernel's inet_frag_queue_insert(): a fragment past the tail run extends it when adjacent;
// elsewhere it must fall in a gap, and one inside an existing run is a duplicate.
IpReassembly::Insert IpReassembly::insert_run(Queue& queue, std::uint32_t start, std::uint32_t end) {
  if (queue.runs.empty()) {
    queue.runs.push_back(Run{start, end});
    return Insert::added;
  }
  Run& tail = queue.runs.back();
  if (tail.end < end) {
    if (start < tail.end) return Insert::overlap;
    if (start == tail.end) {
      tail.end = end;
    } else {
      queue.runs.push_back(Run{start, end});
    }
    return Insert::added;
  }
  auto it = queue.runs.begin();
  for (; it != queue.runs.end() && it->end <= start; ++it) {
  }
  if (it != queue.runs.end() && end > it->start) {
    return (start >= it->start && end <= it->end) ? Insert::duplicate : Insert::overlap;
  }
  queue.runs.insert(it, Run{start, end});
  return Insert::added;
}

FragmentOutcome IpReassembly::add(const Fragment& fragment, Datagram& out) {
  const bool ipv6 = fragment.key.family == Family::ipv6;
  const std::size_t family = family_index(fragment.key.family);
  if (memory_[family] > high_thresh) return FragmentOutcome::refused;
  if (ipv6 && std::uint64_t{fragment.offset} + fragment.payload_length > max_ip_length) {
    return FragmentOutcome::malformed;
  }
  auto it = queues_.find(fragment.key);
  if (it == queues_.end()) {
    // With no datagram held every pending expiry is stale (expire() does not run then): drop them.
    if (queues_.empty()) {
      for (auto& pending : expiry_) pending.clear();
    }
    Queue queue;
    queue.serial = next_serial_++;
    queue.deadline_ns = fragment.time_ns + (ipv6 ? ipv6_timeout_ns : ipv4_timeout_ns);
    expiry_[family].push_back(Expiry{queue.deadline_ns, queue.serial, fragment.key});
    it = queues_.emplace(fragment.key, std::move(queue)).first;
  }
  switch (queue_fragment(it->second, fragment)) {
    case Step::held:
      return FragmentOutcome::held;
    case Step::complete: {
      const bool assembled = assemble(it->second, fragment.key.family, out);
      discard(it);
      return assembled ? FragmentOutcome::complete : FragmentOutcome::malformed;
    }
    case Step::drop_fragment:
      return FragmentOutcome::malformed;
    case Step::discard_queue:
      discard(it);
      return FragmentOutcome::malformed;
    case Step::pass_through:
      discard(it);
      return FragmentOutcome::pass_through;
  }
  return FragmentOutcome::malformed;
}

IpReassembly::Step IpReassembly::queue_fragment(Queue& queue, const Fragment& fragment) {
  const bool ipv6 = fragment.key.family == Family::ipv6;
  // Inconsistent lengths cost IPv4 its whole datagram, IPv6 only the fragment.
  const Step inconsistent = ipv6 ? Step::drop_fragment : Step::discard_queue;
  const std::uint32_t start = fragment.offset;
  std::uint32_t end = fragment.offset + fragment.payload_length;
  if (!fragment.more_fragments) {
    if (end < queue.length || (queue.last_seen && end != queue.length)) return inconsistent;
    queue.last_seen = true;
    queue.length = end;
  } else {
    if (end & 7u) {
      if (ipv6) return Step::pass_through;
      end &= ~7u;
    }
    if (end > queue.length) {
      if (queue.last_seen) return inconsistent;
      queue.length = end;
    }
  }
  if (end == start) return inconsistent;
  switch (insert_run(queue, start, end)) {
    case Insert::duplicate:
      return Step::held;
    case Insert::overlap:
      return Step::discard_queue;
    case Insert::added:
      break;
  }
  const std::uint32_t length = end - start;
  const std::uint32_t captured = std::min(fragment.payload_captured, length);
  if (end <= max_ip_length) {
    if (queue.data.size() < end) queue.data.resize(end);
    std::copy_n(fragment.payload, captured, queue.data.begin() + start);
  } else {
    queue.oversize = true;
  }
  queue.pieces.push_back(Piece{start, end, start + captured});
  if (start == 0) {
    queue.first_seen = true;
    queue.header.assign(fragment.header, fragment.header + fragment.header_length);
    queue.next_header_field = fragment.next_header_field;
    queue.next_header = fragment.next_header;
  }
  queue.received += length;
  queue.ecn_seen = static_cast<std::uint8_t>(queue.ecn_seen | (1u << (fragment.ecn & 3u)));
  const std::size_t cost = fragment.header_length + fragment.payload_length + skb_overhead;
  queue.memory += cost;
  memory_[family_index(fragment.key.family)] += cost;
  ++held_fragments_;
  if (queue.first_seen && queue.last_seen && queue.received == queue.length) return Step::complete;
  return Step::held;
}

bool IpReassembly::assemble(const Queue& queue, Family family, Datagram& out) const {
  if (queue.oversize) return false;
  // Not-ECT mixed with ECT or CE fragments (the kernel's ip_frag_ecn_table 0xff entries).
  if ((queue.ecn_seen & ecn_not_ect) && (queue.ecn_seen & ~ecn_not_ect)) return false;
  const auto header_length = static_cast<std::uint32_t>(queue.header.size());
  const std::uint32_t ip_payload = family == Family::ipv4 ? queue.length : header_length - 40 + queue.length;
  if ((family == Family::ipv4 ? header_length + queue.length : ip_payload) > max_ip_length) return false;

  out.length = header_length + queue.length;
  if (out.bytes.size() < out.length) out.bytes.resize(out.length);
  std::copy(queue.header.begin(), queue.header.end(), out.bytes.begin());
  std::copy_n(queue.data.begin(), queue.length, out.bytes.begin() + header_length);
  std::uint8_t* header = out.bytes.data();
  if (family == Family::ipv4) {
    store_be16(header + 2, static_cast<std::uint16_t>(out.length));
    store_be16(header + 6, 0);
    store_be16(header + 10, 0);
    store_be16(header + 10, checksum_field(add_to_checksum(0, header, header_length)));
  } else {
    store_be16(header + 4, static_cast<std::uint16_t>(ip_payload));
    header[queue.next_header_field] = queue.next_header;
  }

  std::vector<Piece> pieces = queue.pieces;
  std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) { return a.start < b.start; });
  std::uint32_t captured = 0;
  for (const Piece& piece : pieces) {
    if (piece.start > captured) break;
    captured = std::max(captured, piece.captured_end);
    if (piece.captured_end < piece.end) break;
  }
  out.captured = header_length + std::min(captured, queue.length);
  return true;
}

void IpReassembly::discard(std::unordered_map<FragmentKey, Queue, KeyHash>::iterator it) {
  memory_[family_index(it->first.family)] -= it->second.memory;
  held_fragments_ -= it->second.pieces.size();
  queues_.erase(it);
}

void IpReassembly::expire(std::uint64_t now_ns) {
  for (auto& pending : expiry_) {
    while (!pending.empty() && pending.front().deadline_ns <= now_ns) {
      const auto it = queues_.find(pending.front().key);
      if (it != queues_.end() && it->second.serial == pending.front().serial) discard(it);
      pending.pop_front();
    }
  }
}

void IpReassembly::clear() {
  queues_.clear();
  for (auto& pending : expiry_) pending.clear();
  memory_ = {};
  held_fragments_ = 0;
}

}  // namespace ctsh::engine
