// /proc/net/nf_conntrack lines (the kernel's ct_seq_show()), and `conntrack -L -o extended` lines,
// which print the same way:
//   ipv4     2 tcp      6 119 ESTABLISHED src=10.0.0.1 ... [ASSURED] mark=7 zone=0 use=2
// The layer-3 name and number come first; an offloaded flow has no timeout (the flowtable keeps such
// flows for a day, NF_CT_DAY, which is what they get here); GRE prints its two timeouts instead of a
// state.
#include <limits>

#include <fmt/format.h>

#include "table_files/default_line.hpp"
#include "table_files/table_formats.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint32_t offloaded_timeout_seconds = 86400;  // NF_CT_DAY

std::expected<std::size_t, std::string> read_layer3(const Words& words, Family& family) {
  if (words.size() < 2) return std::unexpected(std::string("the line ends before the protocol"));
  if (words[0] == "ipv4" && words[1] == "2") {
    family = Family::ipv4;
  } else if (words[0] == "ipv6" && words[1] == "10") {
    family = Family::ipv6;
  } else {
    return std::unexpected(fmt::format("expected \"ipv4 2\" or \"ipv6 10\", found \"{} {}\"", words[0], words[1]));
  }
  return 2;
}

}  // namespace

EntryResult parse_proc_line(std::string_view line) {
  auto words = split_words(line);
  if (!words) return std::unexpected(words.error());
  TableFileEntry entry;
  Family family = Family::ipv4;
  auto at = read_layer3(*words, family);
  if (!at) return std::unexpected(at.error());
  at = read_protocol(*words, *at, entry);
  if (!at) return std::unexpected(at.error());
  const std::uint8_t protocol = entry.flow.protocol;
  std::size_t next = *at;
  const std::string_view word = next < words->size() ? (*words)[next] : std::string_view{};
  if (const auto timeout = parse_decimal(word, std::numeric_limits<std::uint32_t>::max())) {
    entry.flow.timeout_seconds = static_cast<std::uint32_t>(*timeout);
    ++next;
  } else if (names_offload(*words)) {
    entry.flow.timeout_seconds = offloaded_timeout_seconds;
  } else {
    return std::unexpected(fmt::format("expected the timeout in seconds, found \"{}\"", word));
  }
  if (has_state(protocol)) {
    const std::string_view name = next < words->size() ? (*words)[next] : std::string_view{};
    const auto state = state_by_name(protocol, name);
    if (!state) return std::unexpected(fmt::format("unknown {} state \"{}\"", conntrack_protocol_name(protocol), name));
    entry.flow.state = *state;
    ++next;
  } else if (protocol == 47) {
    // "timeout=30, stream_timeout=180": the GRE timeouts of the entry, not modelled per entry.
    for (const std::string_view key : {"timeout", "stream_timeout"}) {
      if (next < words->size() && value_of((*words)[next], key)) ++next;
    }
  }
  if (auto read = read_tuples_and_attributes(*words, next, entry); !read) return std::unexpected(read.error());
  if (entry.flow.family != family) {
    return std::unexpected(fmt::format("the line says {} but its addresses are not", family == Family::ipv4 ? "ipv4" : "ipv6"));
  }
  return entry;
}

}  // namespace ctsh::engine
