// The commit log archive/commits: one line per commit, |seq|epoch|user|via|comment|, appended and fsynced.
// A '|' inside a field is written as "%%" (VyOS's escape) and line breaks as spaces.
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <set>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "ctsh/cli/config_store.hpp"
#include "store_files.hpp"

namespace ctsh::cli {
namespace {

constexpr std::size_t kFieldsPerLine = 5;

std::string escape_field(std::string_view field) {
  std::string escaped;
  escaped.reserve(field.size());
  for (const char c : field) {
    if (c == '|') {
      escaped += "%%";
    } else if (c == '\n' || c == '\r') {
      escaped += ' ';
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string unescape_field(std::string_view field) {
  std::string plain;
  plain.reserve(field.size());
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '%' && i + 1 < field.size() && field[i + 1] == '%') {
      plain += '|';
      ++i;
    } else {
      plain += field[i];
    }
  }
  return plain;
}

std::string format_line(const CommitLogEntry& entry) {
  return fmt::format("|{}|{}|{}|{}|{}|\n", entry.sequence, entry.epoch, escape_field(entry.user),
                     escape_field(entry.via), escape_field(entry.comment));
}

template <typename Number>
std::optional<Number> parse_number(std::string_view text) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// nullopt for anything that is not exactly one well-formed line.
std::optional<CommitLogEntry> parse_line(std::string_view line) {
  if (line.size() < 2 || line.front() != '|' || line.back() != '|') return std::nullopt;
  line = line.substr(1, line.size() - 2);
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const auto bar = line.find('|', start);
    fields.push_back(line.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  if (fields.size() != kFieldsPerLine) return std::nullopt;
  const auto sequence = parse_number<std::uint64_t>(fields[0]);
  const auto epoch = parse_number<std::int64_t>(fields[1]);
  if (!sequence || !epoch) return std::nullopt;
  return CommitLogEntry{*sequence, *epoch, unescape_field(fields[2]), unescape_field(fields[3]),
                        unescape_field(fields[4])};
}

// True when the file is non-empty and its last byte is not a newline (a torn line from a killed writer).
std::expected<bool, StoreError> ends_in_torn_line(int fd, const std::filesystem::path& path) {
  struct stat status {};
  if (::fstat(fd, &status) != 0) return std::unexpected(store_files::system_error("cannot inspect", path, errno));
  if (!S_ISREG(status.st_mode)) {
    return std::unexpected(StoreError{fmt::format("cannot append to {}: not a regular file", path.string())});
  }
  if (status.st_size == 0) return false;
  char last = '\n';
  if (::pread(fd, &last, 1, status.st_size - 1) != 1) {
    return std::unexpected(store_files::system_error("cannot read", path, errno));
  }
  return last != '\n';
}

}  // namespace

namespace store_files {

std::vector<CommitLogEntry> read_log_entries(const std::filesystem::path& config_dir) {
  const auto text = read_if_exists(commit_log_path(config_dir));
  if (!text || !*text) return {};
  std::string_view rest = **text;
  std::vector<CommitLogEntry> entries;
  // Only newline-terminated lines count: a last line without one was torn by a killed writer.
  for (auto newline = rest.find('\n'); newline != std::string_view::npos; newline = rest.find('\n')) {
    if (auto entry = parse_line(rest.substr(0, newline))) entries.push_back(std::move(*entry));
    rest.remove_prefix(newline + 1);
  }
  return entries;
}

}  // namespace store_files

std::expected<void, StoreError> ConfigStore::append_log(const CommitLogEntry& entry) {
  const auto path = store_files::commit_log_path(dir_);
  const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return std::unexpected(store_files::system_error("cannot open", path, errno));
  store_files::FdCloser closer(fd);
  const auto torn = ends_in_torn_line(fd, path);
  if (!torn) return std::unexpected(torn.error());
  const std::string line = (*torn ? "\n" : "") + format_line(entry);
  if (auto written = store_files::write_all(fd, line, path); !written) return written;
  if (::fsync(fd) != 0) return std::unexpected(store_files::system_error("cannot sync", path, errno));
  if (closer.close_now() != 0) return std::unexpected(store_files::system_error("cannot write", path, errno));
  return store_files::sync_directory(path.parent_path());
}

std::vector<CommitLogEntry> ConfigStore::log_newest_first() const {
  const auto sequences = store_files::archived_sequences(dir_);
  const std::set<std::uint64_t> present(sequences.begin(), sequences.end());
  std::set<std::uint64_t> listed;
  std::vector<CommitLogEntry> entries;
  for (auto& entry : store_files::read_log_entries(dir_)) {
    if (present.contains(entry.sequence) && listed.insert(entry.sequence).second) {
      entries.push_back(std::move(entry));
    }
  }
  std::ranges::stable_sort(entries, std::ranges::greater{}, &CommitLogEntry::sequence);
  return entries;
}

}  // namespace ctsh::cli
