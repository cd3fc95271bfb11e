// tabulate-style "simple" tables.
#include "text_table.hpp"

#include <algorithm>

namespace ctsh::cli {
namespace {

void append_row(std::string& out, const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
  std::string line;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    const std::string cell = i < cells.size() ? cells[i] : "";
    line += cell;
    if (i + 1 < widths.size()) line += std::string(widths[i] - cell.size() + 2, ' ');
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out += line + '\n';
}

}  // namespace

std::string render_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows) {
  // tabulate's MIN_PADDING: a column is at least two characters wider than its header.
  constexpr std::size_t header_padding = 2;
  std::vector<std::size_t> widths;
  for (const auto& header : headers) widths.push_back(header.size() + header_padding);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  append_row(out, headers, widths);
  std::vector<std::string> dashes;
  for (auto width : widths) dashes.emplace_back(width, '-');
  append_row(out, dashes, widths);
  for (const auto& row : rows) append_row(out, row, widths);
  return out;
}

}  // namespace ctsh::cli
