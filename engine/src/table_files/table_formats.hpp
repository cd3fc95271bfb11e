// The readers of each table-file format (one file each), called by parse_table_file() (table_file.cpp).
#pragma once

#include <cstddef>
#include <expected>
#include <string_view>
#include <vector>

#include "table_files/table_fields.hpp"

namespace ctsh::engine {

EntryResult parse_list_line(std::string_view line);  // list_format.cpp: conntrack -L
EntryResult parse_proc_line(std::string_view line);  // proc_format.cpp: /proc/net/nf_conntrack
EntryResult parse_save_line(std::string_view line);  // save_format.cpp: conntrack -L -o save

// xml_format.cpp: conntrack -L -o xml, the whole text.
std::expected<std::vector<TableFileEntry>, TableFileError> parse_xml_table(std::string_view text);

}  // namespace ctsh::engine
