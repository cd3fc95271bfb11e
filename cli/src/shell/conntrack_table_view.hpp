// The conntrack table as the views print it: flows in ctsh's order (family, protocol, original
// source, source port, destination, destination port), as VyOS's `show conntrack table` text table
// or as the JSON documented in README ("Machine-readable output").
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ctsh/engine/flow.hpp"

namespace ctsh::cli {

// Sorts flows in place into the views' order.
void sort_flows(std::vector<engine::FlowView>& flows);

// "10.0.0.1", "2001:db8::1".
std::string address_text(const engine::IpAddress& address);

// VyOS's layout (Id, Original src, Original dst, Reply src, Reply dst, Protocol, State, Timeout, Mark,
// Zone; packet and byte columns when the flows carry counters); "Entries not found" when empty.
std::string table_text(const std::vector<engine::FlowView>& flows);

// {"entries": [{"id", "family", "protocol", "state", "timeout", "original", "reply", "status", "mark",
// "zone", "helper"}]}.
nlohmann::ordered_json table_json(const std::vector<engine::FlowView>& flows);

}  // namespace ctsh::cli
