// Private to the shell's table commands: the flow filter of `show conntrack table ipv4|ipv6 ...` and
// `delete conntrack table ipv4|ipv6 ...`, from their options (the "flow-filter" set of
// schema/op-commands.json), every value checked with a message that names the option and what to type.
//
//   auto filter = flow_filter_from_options(Family::ipv4, call.options);   // {"source": "10.0.0.0/8", ...}
//   if (!filter) return engine_failure(call, filter.error());
#pragma once

#include <expected>
#include <map>
#include <string>

#include "ctsh/engine/flow.hpp"

namespace ctsh::cli {

// source/destination: address, prefix or range of the family (`!` negates); protocol: a name or number;
// source-port/destination-port: one port (number or service name); state: a TCP or SCTP state name, any
// case; status: assured, seen-reply, expected, unreplied, or a comma list of them that must all hold.
std::expected<engine::FlowFilter, std::string> flow_filter_from_options(engine::Family family,
                                                                        const std::map<std::string, std::string>& options);

}  // namespace ctsh::cli
