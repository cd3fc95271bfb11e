// Private to the shell's views: what the Linux kernel's conntrack needs in memory (x86_64, Linux 6.18,
// measured from slab growth; shared/reference/nf_conntrack.md §8), to set beside the engine's figure.
#pragma once

#include <cstdint>

namespace ctsh::cli {

inline constexpr std::uint64_t kernel_entry_bytes = 256;             // one nf_conntrack slab object
inline constexpr std::uint64_t kernel_entry_bytes_extended = 384;    // plus the extension blob (accounting, timestamps)
inline constexpr std::uint64_t kernel_bucket_bytes = 8;              // one hlist_nulls_head

inline std::uint64_t kernel_entry_cost(bool accounting) {
  return accounting ? kernel_entry_bytes_extended : kernel_entry_bytes;
}

// `entries` entries in `buckets` buckets.
inline std::uint64_t kernel_memory_bytes(std::uint64_t entries, std::uint64_t buckets, bool accounting) {
  return entries * kernel_entry_cost(accounting) + buckets * kernel_bucket_bytes;
}

}  // namespace ctsh::cli
