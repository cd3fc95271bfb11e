// `conntrack -L` lines (libnetfilter_conntrack's default output, with -o id, ktimestamp, labels):
//   tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 src=10.0.0.2 ...
// `-o extended` lines start with "ipv4     2" and are read as /proc lines (proc_format.cpp).
#include <limits>

#include <fmt/format.h>

#include "table_files/default_line.hpp"
#include "table_files/table_formats.hpp"

namespace ctsh::engine {

EntryResult parse_list_line(std::string_view line) {
  auto words = split_words(line);
  if (!words) return std::unexpected(words.error());
  TableFileEntry entry;
  auto at = read_protocol(*words, 0, entry);
  if (!at) return std::unexpected(at.error());
  const std::uint8_t protocol = entry.flow.protocol;
  const auto timeout = *at < words->size() ? parse_decimal((*words)[*at], std::numeric_limits<std::uint32_t>::max())
                                           : std::nullopt;
  if (!timeout) {
    return std::unexpected(fmt::format("expected the timeout in seconds after \"{} {}\", found \"{}\"", (*words)[0],
                                       protocol, *at < words->size() ? (*words)[*at] : std::string_view{}));
  }
  entry.flow.timeout_seconds = static_cast<std::uint32_t>(*timeout);
  std::size_t next = *at + 1;
  if (has_state(protocol)) {
    const std::string_view name = next < words->size() ? (*words)[next] : std::string_view{};
    const auto state = state_by_name(protocol, name);
    if (!state) return std::unexpected(fmt::format("unknown {} state \"{}\"", conntrack_protocol_name(protocol), name));
    entry.flow.state = *state;
    ++next;
  }
  if (auto read = read_tuples_and_attributes(*words, next, entry); !read) return std::unexpected(read.error());
  return entry;
}

}  // namespace ctsh::engine
