// Aligned text tables in the layout of Python's tabulate "simple" format, which VyOS's op-mode
// scripts print: a header row, a row of dashes per column, then the rows; columns two spaces apart,
// each at least two characters wider than its header, numbers aligned left (VyOS's numalign="left"),
// trailing blanks cut.
#pragma once

#include <string>
#include <vector>

namespace ctsh::cli {

std::string render_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows);

}  // namespace ctsh::cli
