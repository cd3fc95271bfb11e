// conntrack-tools' text formats for the engine's views: `conntrack -L` lines (`| conntrack` on the
// table), `conntrack -E` event lines (`monitor conntrack`) and `conntrack -L expect` lines
// (`show conntrack expect`), as libnetfilter_conntrack prints them.
//
//   out += conntrack_list_line(flow) + "\n";
//   // "tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 src=... [ASSURED] mark=0 use=1"
//
// Pure functions.
#pragma once

#include <string>

#include "ctsh/engine/event.hpp"
#include "ctsh/engine/expectation.hpp"
#include "ctsh/engine/flow.hpp"

namespace ctsh::cli {

// One `conntrack -L` line (no newline): counters with flow-accounting, mark= always, zone= when not
// 0, helper= when one is attached, use=1 (the engine keeps no reference counts).
std::string conntrack_list_line(const engine::FlowView& flow);

// One `conntrack -E -o timestamp` line (no newline): "[sec.usec]\t" with the engine clock, the
// event type, then the flow as conntrack -E prints it (no use=, mark= only when not 0, counters
// only on DESTROY).
std::string conntrack_event_line(const engine::FlowEvent& event);

// One `conntrack -L expect` line (no newline).
std::string conntrack_expect_line(const engine::ExpectationView& expectation);

}  // namespace ctsh::cli
