// parse_table_file(): which format a saved table is in (from its first line that is not blank), then
// every line read by that format's reader; the first bad line stops it with its number and reason.
#include <fmt/format.h>

#include "table_files/table_formats.hpp"

namespace ctsh::engine {
namespace {

std::string_view trimmed(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t' || line.front() == '\r')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

// `conntrack -E` lines: "    [NEW] tcp ...", "[1700000000.000000]\t[NEW] ...", "-U ..." with -o save.
bool is_event(std::string_view line) {
  for (const std::string_view prefix : {"[NEW]", "[UPDATE]", "[DESTROY]", "-U ", "-D "}) {
    if (line.starts_with(prefix)) return true;
  }
  return line.starts_with('[') && line.size() > 1 && line[1] >= '0' && line[1] <= '9';
}

std::expected<TableFileFormat, TableFileError> detect(std::string_view line, std::size_t number) {
  if (line.starts_with('<')) return TableFileFormat::xml;
  if (line.starts_with("-A ") || line.starts_with("-I ")) return TableFileFormat::save;
  if (is_event(line)) {
    return std::unexpected(TableFileError{number, "this is conntrack -E event output, not a table: save the output of "
                                                  "conntrack -L (or -L -o save, -L -o xml, /proc/net/nf_conntrack)"});
  }
  if (line.starts_with("ipv4 ") || line.starts_with("ipv6 ")) return TableFileFormat::proc;
  return TableFileFormat::conntrack_list;
}

}  // namespace

std::string_view table_file_format_name(TableFileFormat format) {
  switch (format) {
    case TableFileFormat::conntrack_list: return "conntrack -L";
    case TableFileFormat::proc: return "/proc/net/nf_conntrack";
    case TableFileFormat::save: return "conntrack -L -o save";
    case TableFileFormat::xml: return "conntrack -L -o xml";
  }
  return "conntrack -L";
}

std::expected<TableFile, TableFileError> parse_table_file(std::string_view text) {
  TableFile table;
  std::optional<TableFileFormat> format;
  std::size_t number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = trimmed(text.substr(start, end - start));
    start = end + 1;
    ++number;
    if (line.empty() || is_conntrack_summary(line)) continue;
    if (!format) {
      auto detected = detect(line, number);
      if (!detected) return std::unexpected(detected.error());
      format = *detected;
      table.format = *format;
      if (*format == TableFileFormat::xml) {
        auto entries = parse_xml_table(text);
        if (!entries) return std::unexpected(entries.error());
        table.entries = std::move(*entries);
        return table;
      }
    }
    EntryResult entry = *format == TableFileFormat::save ? parse_save_line(line)
                        : *format == TableFileFormat::proc ? parse_proc_line(line)
                                                           : parse_list_line(line);
    if (!entry) return std::unexpected(TableFileError{number, entry.error()});
    entry->line = number;
    table.entries.push_back(std::move(*entry));
  }
  return table;
}

}  // namespace ctsh::engine
