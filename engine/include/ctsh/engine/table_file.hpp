// Saved conntrack tables: reading the formats conntrack-tools and the kernel print, and loading one
// into an engine (`simulate table FILE`), so that a table-size or timeout change can be tried on a
// production table without a capture.
//
// Formats, told apart by the first line that is not blank:
//   - `conntrack -L` lines (also `-o extended`, `-o id`, `-o ktimestamp`, `-o labels`);
//   - `/proc/net/nf_conntrack` lines (`ipv4     2 tcp      6 ...`);
//   - `conntrack -L -o save` lines (`-A ...`, or `-I ...` from conntrack 1.4.5 and 1.4.6);
//   - `conntrack -L -o xml` (`<?xml ...?><conntrack><flow>...</flow>...</conntrack>`).
// conntrack's own summary line ("... flow entries have been shown.") and blank lines are skipped.
//
//   auto table = parse_table_file(text);
//   if (!table) fmt::print("line {}: {}\n", table.error().line, table.error().message);
//   auto report = load_table(engine, *table);   // all or nothing, except what does not fit
//
// Parsing is a pure function, linear in the input, without recursion, and refuses anything it does not
// know with the line and the reason. Not thread-safe for one engine (see Engine).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ctsh/engine/engine.hpp"

namespace ctsh::engine {

enum class TableFileFormat : std::uint8_t { conntrack_list, proc, save, xml };
// "conntrack -L", "/proc/net/nf_conntrack", "conntrack -L -o save", "conntrack -L -o xml".
std::string_view table_file_format_name(TableFileFormat format);

struct TableFileEntry {
  FlowView flow;             // id 0; state and helper point at static names; zone: the first non-zero one
  std::size_t line = 0;      // where the entry is (1-based; XML: where its <flow> starts)
  bool translated = false;   // the reply tuple is not the original one reversed (NAT)
  std::string other_helper;  // a helper the engine does not model (flow.helper is empty then)
};

struct TableFile {
  TableFileFormat format = TableFileFormat::conntrack_list;
  std::vector<TableFileEntry> entries;
};

struct TableFileError {
  std::size_t line = 0;  // 1-based
  std::string message;   // what is wrong, e.g. "unknown TCP state \"ESTABLISH\""
};

std::expected<TableFile, TableFileError> parse_table_file(std::string_view text);

// What load_table() did. Entries it did not load are counted by reason, in file order.
struct TableLoadReport {
  std::size_t loaded = 0;
  std::map<std::string, std::size_t> loaded_by_protocol;  // "tcp" -> 3
  std::size_t table_full = 0;   // did not fit in table-size
  std::size_t other_zone = 0;   // zone other than 0 (not modelled)
  std::size_t dccp = 0;         // DCCP (Linux 6.16 and later, and the engine, do not track it)
  std::size_t expired = 0;      // timeout 0
  std::size_t translated = 0;   // NAT entries, loaded with the reply reversed from the original
  std::size_t counters_dropped = 0;  // entries with counters while flow-accounting is off
  std::map<std::string, std::size_t> other_helpers;  // loaded without a helper, by helper name
};

// Loads the entries into the engine, in file order, as Engine::insert() does. Before anything is
// inserted, every entry is checked (check_loadable()) and against the others and the table: a
// connection given twice, or already in the table, refuses the whole file with its line (the message
// ends "; nothing was loaded"). Once the table is full the remaining entries are counted, not loaded.
std::expected<TableLoadReport, TableFileError> load_table(Engine& engine, const TableFile& table);

}  // namespace ctsh::engine
