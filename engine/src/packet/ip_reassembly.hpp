// IPv4/IPv6 fragment reassembly as conntrack's defragmentation does it (nf_defrag_ipv4 with
// ip_defrag(), nf_defrag_ipv6 with nf_ct_frag6_gather()): fragments are held until the datagram is
// complete, a datagram expires 30 s (IPv4 ipfrag_time) / 60 s (nf_conntrack_frag6_timeout) after its
// first fragment, overlapping fragments discard the datagram while duplicates are ignored, and past
// 4 MiB held per family (high_thresh) every fragment is refused.
//
//   IpReassembly reassembly;
//   switch (reassembly.add(fragment, datagram)) { case FragmentOutcome::complete: ... }
//
// Held memory is counted as each fragment's IP bytes plus the kernel's per-skb overhead (576 bytes),
// an approximation of the kernel's skb truesize. Not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "ctsh/engine/conntrack_config.hpp"

namespace ctsh::engine {

struct FragmentKey {
  Family family = Family::ipv4;
  std::uint8_t protocol = 0;     // IPv4 only
  std::uint16_t interface = 0;   // IPv6 only (the kernel's nf_ct_frag6 key has the input ifindex)
  std::uint32_t id = 0;
  std::array<std::uint8_t, 16> src{};
  std::array<std::uint8_t, 16> dst{};
  bool operator==(const FragmentKey&) const = default;
};

struct Fragment {
  FragmentKey key;
  // The IP header, plus for IPv6 the extension headers before the fragment header.
  const std::uint8_t* header = nullptr;
  std::uint32_t header_length = 0;
  std::uint32_t next_header_field = 0;  // IPv6: offset in header of the byte naming the fragment header
  std::uint8_t next_header = 0;         // IPv6: the fragment header's next header
  std::uint8_t ecn = 0;                 // the ECN bits of the header
  std::uint32_t offset = 0;             // of the payload in the datagram, bytes
  bool more_fragments = false;
  const std::uint8_t* payload = nullptr;
  std::uint32_t payload_length = 0;    // by the IP header
  std::uint32_t payload_captured = 0;  // <= payload_length
  std::uint64_t time_ns = 0;
};

enum class FragmentOutcome : std::uint8_t {
  held,          // kept (or a duplicate, ignored): nothing to track yet
  complete,      // the datagram is whole, in the output buffer
  malformed,     // dropped as malformed (maybe with its datagram)
  refused,       // dropped for lack of memory
  pass_through,  // IPv6 fragment whose length is not a multiple of 8: its datagram is discarded and
                 // the fragment goes on unreassembled (nf_ct_frag6_queue()'s -EPROTO)
};

// A complete datagram: bytes [0, length) rebuilt as an unfragmented packet; only [0, captured) came
// from captured bytes (the rest, past a fragment cut short by the snaplen, is zero).
struct Datagram {
  std::vector<std::uint8_t> bytes;
  std::uint32_t length = 0;
  std::uint32_t captured = 0;
};

class IpReassembly {
 public:
  IpReassembly();
  FragmentOutcome add(const Fragment& fragment, Datagram& out);
  // Whether a datagram is being reassembled (otherwise expire() has nothing to do).
  bool holds_datagrams() const { return !queues_.empty(); }
  // Drops the datagrams whose timeout has passed at `now_ns`.
  void expire(std::uint64_t now_ns);
  std::size_t held_fragments() const { return held_fragments_; }
  void clear();

 private:
  struct KeyHash {
    std::size_t operator()(const FragmentKey& key) const;
  };
  struct Run {  // the kernel's fragment runs: fragments appended one after another at the tail
    std::uint32_t start = 0;
    std::uint32_t end = 0;
  };
  struct Piece {
    std::uint32_t start = 0;
    std::uint32_t end = 0;
    std::uint32_t captured_end = 0;
  };
  struct Queue {
    std::uint64_t serial = 0;
    std::uint64_t deadline_ns = 0;
    std::vector<std::uint8_t> header;  // from the fragment at offset 0
    std::vector<std::uint8_t> data;    // the fragmentable part, by offset
    std::vector<Run> runs;
    std::vector<Piece> pieces;
    std::uint32_t length = 0;  // end of the datagram's fragmentable part as known so far
    std::uint32_t received = 0;
    std::size_t memory = 0;
    std::uint32_t next_header_field = 0;
    std::uint8_t next_header = 0;
    std::uint8_t ecn_seen = 0;  // one bit per ECN codepoint seen
    bool first_seen = false;
    bool last_seen = false;
    bool oversize = false;
  };
  struct Expiry {
    std::uint64_t deadline_ns;
    std::uint64_t serial;
    FragmentKey key;
  };
  enum class Insert : std::uint8_t { added, duplicate, overlap };
  // What queueing one fragment leads to.
  enum class Step : std::uint8_t { held, complete, drop_fragment, discard_queue, pass_through };

  static Insert insert_run(Queue& queue, std::uint32_t start, std::uint32_t end);
  Step queue_fragment(Queue& queue, const Fragment& fragment);
  bool assemble(const Queue& queue, Family family, Datagram& out) const;
  void discard(std::unordered_map<FragmentKey, Queue, KeyHash>::iterator it);

  std::unordered_map<FragmentKey, Queue, KeyHash> queues_;
  std::array<std::deque<Expiry>, 2> expiry_;  // per family, in creation (= deadline) order
  std::array<std::size_t, 2> memory_{};
  std::size_t held_fragments_ = 0;
  std::uint64_t next_serial_ = 0;
};

}  // namespace ctsh::engine
