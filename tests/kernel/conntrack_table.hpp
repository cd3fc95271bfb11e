// Conntrack tables as JSON in ctsh's `show conntrack table ... | json` shape, and their comparison.
//
//   nlohmann::json kernel = parse_proc_conntrack(text_of("/proc/net/nf_conntrack"));
//   for (const auto& line : compare_tables(kernel, engine)) fmt::print("{}\n", line);
//
// The comparison keys entries by protocol and both tuples; it compares state, ASSURED, SEEN_REPLY and the
// timeout (within a second).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace ctsh::kerneltest {

// /proc/net/nf_conntrack text to {"entries": [...]}: family, protocol, state (null when the protocol has
// none), timeout, original and reply tuples, status (CONFIRMED, SEEN_REPLY unless [UNREPLIED], ASSURED),
// mark, zone, helper. IPv6 addresses are written compressed. Lines it cannot read are left out.
nlohmann::json parse_proc_conntrack(std::string_view text);

// The entries of one family ("ipv4", "ipv6").
nlohmann::json entries_of_family(const nlohmann::json& table, std::string_view family);

// One line per difference, with the kernel's and the engine's entry side by side; empty when they agree.
std::vector<std::string> compare_tables(const nlohmann::json& kernel, const nlohmann::json& engine);

}  // namespace ctsh::kerneltest
