// Op-mode view of the engine's expectations: `show conntrack expect`, in `conntrack -L expect`'s
// format, or `| json` (names in README, "Machine-readable output").
#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "conntrack_table_view.hpp"
#include "conntrack_tools_format.hpp"
#include "engine_command_support.hpp"

namespace ctsh::cli {
namespace {

nlohmann::ordered_json tuple_json(const engine::FlowTuple& tuple) {
  nlohmann::ordered_json j;
  j["src"] = address_text(tuple.src);
  j["dst"] = address_text(tuple.dst);
  j["sport"] = tuple.sport;
  j["dport"] = tuple.dport;
  return j;
}

nlohmann::ordered_json expectations_json(const std::vector<engine::ExpectationView>& expectations) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const engine::ExpectationView& e : expectations) {
    nlohmann::ordered_json j;
    j["id"] = e.id;
    j["family"] = e.family == engine::Family::ipv4 ? "ipv4" : "ipv6";
    j["protocol"] = engine::protocol_name(e.protocol);
    j["timeout"] = e.timeout_seconds;
    j["tuple"] = tuple_json(e.tuple);
    j["mask"] = tuple_json(e.mask);
    j["master"] = tuple_json(e.master);
    j["class"] = e.expect_class;
    j["helper"] = e.helper;
    list.push_back(std::move(j));
  }
  nlohmann::ordered_json out;
  out["expectations"] = std::move(list);
  return out;
}

Status show_expect(Shell::State& state, Invocation& call) {
  std::vector<engine::ExpectationView> expectations;
  auto done = state.engine_dataplane().use(false, [&](engine::Engine& engine) -> std::expected<void, std::string> {
    engine.for_each_expectation([&](const engine::ExpectationView& e) { expectations.push_back(e); });
    return {};
  });
  if (!done) return engine_failure(call, done.error());
  // The table's order: family, protocol, expected tuple; then the id.
  std::sort(expectations.begin(), expectations.end(), [](const auto& a, const auto& b) {
    return std::tie(a.family, a.protocol, a.tuple.src, a.tuple.sport, a.tuple.dst, a.tuple.dport, a.id) <
           std::tie(b.family, b.protocol, b.tuple.src, b.tuple.sport, b.tuple.dst, b.tuple.dport, b.id);
  });
  if (call.format == Format::json) {
    call.output.out += expectations_json(expectations).dump() + "\n";
    return Status::ok;
  }
  if (expectations.empty()) call.output.out += "Expectations not found\n";
  for (const engine::ExpectationView& e : expectations) call.output.out += conntrack_expect_line(e) + "\n";
  return Status::ok;
}

constexpr NamedHandler conntrack_expect_handler_table[] = {
    {"show-conntrack-expect", show_expect, formats(Format::json)},
};

}  // namespace

std::span<const NamedHandler> conntrack_expect_handlers() { return conntrack_expect_handler_table; }

}  // namespace ctsh::cli
