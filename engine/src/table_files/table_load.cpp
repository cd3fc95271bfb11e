// load_table(): a parsed table into the engine. Everything that could refuse the file is checked
// first (each entry, connections given twice, connections already in the table), so that a refused
// file changes nothing; then the entries go in, in file order, until the table is full.
#include <arpa/inet.h>

#include <functional>
#include <unordered_map>

#include <fmt/format.h>

#include "core/tuple_hash.hpp"
#include "proto/icmp_classes.hpp"
#include "table_files/table_fields.hpp"

namespace ctsh::engine {
namespace {

// One direction's tuple as the table keys it.
struct TupleKey {
  Family family = Family::ipv4;
  std::uint8_t protocol = 0;
  FlowTuple tuple;
  bool operator==(const TupleKey&) const = default;
};

struct TupleKeyHash {
  std::size_t operator()(const TupleKey& key) const {
    const FlowTuple& t = key.tuple;
    const std::uint16_t sport = static_cast<std::uint16_t>(t.sport ^ t.id);
    const std::uint16_t dport = static_cast<std::uint16_t>(t.dport ^ (t.type << 8) ^ t.code);
    return hash_tuple(key.family == Family::ipv6, t.src.bytes.data(), t.dst.bytes.data(), sport, dport, key.protocol);
  }
};

std::string describe(const FlowView& flow) {
  const auto endpoint = [&](const IpAddress& address, std::uint16_t port) {
    char text[64] = {};
    const int family = address.family == Family::ipv4 ? AF_INET : AF_INET6;
    inet_ntop(family, address.bytes.data(), text, sizeof text);
    if (tuple_kind(flow.protocol) != TupleKind::ports) return std::string(text);
    return address.family == Family::ipv4 ? fmt::format("{}:{}", text, port) : fmt::format("[{}]:{}", text, port);
  };
  return fmt::format("{} {} -> {}", conntrack_protocol_name(flow.protocol), endpoint(flow.original.src, flow.original.sport),
                     endpoint(flow.original.dst, flow.original.dport));
}

// The reply tuple without NAT: the original one reversed.
void reverse_reply(FlowView& flow) {
  FlowTuple reply = flow.original;
  std::swap(reply.src, reply.dst);
  switch (tuple_kind(flow.protocol)) {
    case TupleKind::ports:
    case TupleKind::keys:
      std::swap(reply.sport, reply.dport);
      break;
    case TupleKind::icmp:
      invert_icmp_type(flow.family, flow.original.type, reply.type);
      break;
    case TupleKind::none:
      break;
  }
  flow.reply = reply;
}

}  // namespace

std::expected<TableLoadReport, TableFileError> load_table(Engine& engine, const TableFile& table) {
  TableLoadReport report;
  const bool accounting = engine.config().flow_accounting;
  std::vector<std::pair<FlowView, std::size_t>> loadable;  // with its line
  loadable.reserve(table.entries.size());
  for (const TableFileEntry& entry : table.entries) {
    FlowView flow = entry.flow;
    if (flow.protocol == 33) {
      ++report.dccp;
      continue;
    }
    if (flow.zone != 0) {
      ++report.other_zone;
      continue;
    }
    if (flow.timeout_seconds == 0) {
      ++report.expired;
      continue;
    }
    if (entry.translated) {
      reverse_reply(flow);
      ++report.translated;
    }
    if (!entry.other_helper.empty()) ++report.other_helpers[entry.other_helper];
    if (flow.counters && !accounting) {
      flow.counters.reset();
      ++report.counters_dropped;
    }
    if (auto checked = check_loadable(flow); !checked) {
      return std::unexpected(TableFileError{entry.line, checked.error() + "; nothing was loaded"});
    }
    loadable.emplace_back(flow, entry.line);
  }

  // Line 0: in the table already.
  std::unordered_map<TupleKey, std::size_t, TupleKeyHash> seen;
  seen.reserve(2 * (loadable.size() + engine.stats().entries));
  engine.for_each({}, [&](const FlowView& flow) {
    seen.emplace(TupleKey{flow.family, flow.protocol, flow.original}, 0);
    seen.emplace(TupleKey{flow.family, flow.protocol, flow.reply}, 0);
  });
  for (const auto& [flow, line] : loadable) {
    for (const FlowTuple* tuple : {&flow.original, &flow.reply}) {
      const auto [where, added] = seen.emplace(TupleKey{flow.family, flow.protocol, *tuple}, line);
      if (added || where->second == line) continue;
      if (where->second == 0) {
        return std::unexpected(TableFileError{line, fmt::format("{} is in the table already (loaded before?); nothing was loaded", describe(flow))});
      }
      return std::unexpected(TableFileError{line, fmt::format("{} is the same connection as line {}; nothing was loaded",
                                                              describe(flow), where->second)});
    }
  }

  for (const auto& [flow, line] : loadable) {
    if (report.table_full > 0) {
      ++report.table_full;
      continue;
    }
    auto inserted = engine.insert(flow);
    if (inserted) {
      ++report.loaded;
      ++report.loaded_by_protocol[std::string(conntrack_protocol_name(flow.protocol))];
      continue;
    }
    switch (inserted.error().reason) {
      case InsertRefusal::Reason::table_full:
        ++report.table_full;
        break;
      case InsertRefusal::Reason::exists:
      case InsertRefusal::Reason::unsupported:
        // Checked above, so not expected: the error says where loading stopped.
        return std::unexpected(TableFileError{line, fmt::format("refused by the engine ({}); the {} entries before it "
                                                                "were loaded",
                                                                inserted.error().detail, report.loaded)});
    }
  }
  return report;
}

}  // namespace ctsh::engine
