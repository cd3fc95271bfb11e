// The checksums conntrack verifies at PRE_ROUTING when nf_conntrack_checksum=1: the Internet
// checksum (RFC 1071) with the IPv4/IPv6 pseudo-headers, and SCTP's CRC32c (RFC 4960 appendix B).
#pragma once

#include <cstddef>
#include <cstdint>

#include "ctsh/engine/conntrack_config.hpp"

namespace ctsh::engine {

// Adds the big-endian 16-bit words of `bytes` (an odd last byte padded with zero) to `sum`.
std::uint64_t add_to_checksum(std::uint64_t sum, const std::uint8_t* bytes, std::size_t length);

// The pseudo-header's contribution (addresses, upper-layer length, protocol); the same words for
// IPv4 (RFC 793) and IPv6 (RFC 8200 8.1) as long as the length fits in 16 bits for IPv4.
std::uint64_t pseudo_header_sum(Family family, const IpAddress& src, const IpAddress& dst,
                                std::uint32_t length, std::uint8_t protocol);

// True when the folded sum is 0xffff: the data, its checksum field included, verifies.
bool checksum_verifies(std::uint64_t sum);

// The checksum field value that makes `sum` (computed with the field zeroed) verify.
std::uint16_t checksum_field(std::uint64_t sum);

// CRC32c (Castagnoli, reflected) of `bytes`.
std::uint32_t crc32c(const std::uint8_t* bytes, std::size_t length);

// An SCTP packet's checksum: CRC32c over the packet with its checksum field (bytes 8..11, stored
// least significant byte first) taken as zero. `length` >= 12.
bool sctp_checksum_verifies(const std::uint8_t* sctp, std::size_t length);

}  // namespace ctsh::engine
