// tabulate-style "simple" tables.
#include "text_table.hpp"

#include <algorithm>
#include <cstring>

namespace ctsh::cli {
namespace {

// tabulate's MIN_PADDING: a column is at least two characters wider than its header.
constexpr std::size_t header_padding = 2;
constexpr std::size_t column_gap = 2;

}  // namespace

TableLayout::TableLayout(std::vector<std::string> headers) : headers_(std::move(headers)) {
  for (const auto& header : headers_) widths_.push_back(header.size() + header_padding);
}

void TableLayout::measure(std::span<const std::string_view> cells) {
  for (std::size_t i = 0; i < cells.size() && i < widths_.size(); ++i) widths_[i] = std::max(widths_[i], cells[i].size());
}

void TableLayout::append_row(std::string& out, std::span<const std::string_view> cells) const {
  // Written straight into room made for the whole row (rows of a million-entry table go by fast).
  const std::size_t start = out.size();
  out.resize(start + row_width());
  char* const first = out.data() + start;
  char* at = first;
  char* end = first;  // after the last character that is not padding
  for (std::size_t i = 0; i < widths_.size(); ++i) {
    const std::string_view cell = i < cells.size() ? cells[i] : std::string_view{};
    if (!cell.empty()) {  // an empty view may hold a null pointer, which memcpy must not get
      std::memcpy(at, cell.data(), cell.size());
      end = at + cell.size();
    }
    if (i + 1 < widths_.size()) {
      std::memset(at + cell.size(), ' ', widths_[i] - cell.size() + column_gap);
      at += widths_[i] + column_gap;
    }
  }
  while (end > first && end[-1] == ' ') --end;  // a cell may end in blanks of its own
  *end++ = '\n';
  out.resize(static_cast<std::size_t>(end - out.data()));
}

void TableLayout::append_header(std::string& out) const {
  std::vector<std::string_view> cells(headers_.begin(), headers_.end());
  append_row(out, cells);
  std::vector<std::string> dashes;
  for (const std::size_t width : widths_) dashes.emplace_back(width, '-');
  cells.assign(dashes.begin(), dashes.end());
  append_row(out, cells);
}

std::size_t TableLayout::row_width() const {
  std::size_t width = 1;
  for (const std::size_t column : widths_) width += column + column_gap;
  return width;
}

std::string render_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows) {
  TableLayout layout(headers);
  std::vector<std::string_view> cells;
  for (const auto& row : rows) {
    cells.assign(row.begin(), row.end());
    layout.measure(cells);
  }
  std::string out;
  layout.append_header(out);
  for (const auto& row : rows) {
    cells.assign(row.begin(), row.end());
    layout.append_row(out, cells);
  }
  return out;
}

}  // namespace ctsh::cli
