// Aligned text tables in the layout of Python's tabulate "simple" format, which VyOS's op-mode
// scripts print: a header row, a row of dashes per column, then the rows; columns two spaces apart,
// each at least two characters wider than its header, numbers aligned left (VyOS's numalign="left"),
// trailing blanks cut.
//
//   std::string text = render_table({"Rule", "Action"}, {{"10", "notrack"}});
//
// A table too big to hold as strings (a million conntrack entries) is measured, then written, a row
// at a time, with cells formatted twice instead of kept:
//
//   TableLayout layout(headers);
//   for (...) layout.measure(cells_of(row));
//   layout.append_header(out);
//   for (...) layout.append_row(out, cells_of(row));
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ctsh::cli {

class TableLayout {
 public:
  explicit TableLayout(std::vector<std::string> headers);
  // Widens the columns to fit `cells` (one per header; fewer leave the rest empty).
  void measure(std::span<const std::string_view> cells);
  // The header row and the row of dashes.
  void append_header(std::string& out) const;
  void append_row(std::string& out, std::span<const std::string_view> cells) const;
  // Characters of the widest row, newline included (for reserving output).
  std::size_t row_width() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::size_t> widths_;
};

std::string render_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows);

}  // namespace ctsh::cli
