// The part of a `conntrack -L` line and a /proc/net/nf_conntrack line that both print alike (the
// kernel's ct_seq_show() mimics libnetfilter_conntrack's default output): the protocol, the two tuples
// with their zones, counters and [UNREPLIED], then [ASSURED] and the key=value attributes.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "table_files/table_fields.hpp"

namespace ctsh::engine {

using Words = std::vector<std::string_view>;

// "tcp      6": sets entry.flow.protocol; returns the index of the next word.
std::expected<std::size_t, std::string> read_protocol(const Words& words, std::size_t at, TableFileEntry& entry);

// From the first `src=` (words[at]) to the end of the line: both tuples and what follows them.
std::expected<void, std::string> read_tuples_and_attributes(const Words& words, std::size_t at, TableFileEntry& entry);

// Whether the line's words name an offloaded flow (the kernel leaves such a flow's timeout out of /proc).
bool names_offload(const Words& words);

}  // namespace ctsh::engine
