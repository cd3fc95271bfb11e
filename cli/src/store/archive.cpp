// The archive of committed revisions: archive/<seq>.boot with a rising sequence number that is never
// reused, the newest ConfigStore::kRevisionsKept kept.
#include <algorithm>
#include <charconv>
#include <system_error>

#include <fmt/format.h>

#include "ctsh/cli/config_store.hpp"
#include "store_files.hpp"

namespace ctsh::cli {
namespace {

namespace fs = std::filesystem;

// The sequence number of a revision file name written by revision_path(), nullopt for any other name.
std::optional<std::uint64_t> sequence_in_name(const std::string& name) {
  constexpr std::string_view kSuffix = ".boot";
  if (!name.ends_with(kSuffix)) return std::nullopt;
  const std::string_view digits(name.data(), name.size() - kSuffix.size());
  std::uint64_t sequence = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), sequence);
  if (error != std::errc{} || end != digits.data() + digits.size() || fmt::format("{}", sequence) != digits) {
    return std::nullopt;
  }
  return sequence;
}

// One more than the highest sequence number in use, in a file or in the log.
std::uint64_t next_sequence(const fs::path& config_dir) {
  std::uint64_t highest = 0;
  const auto sequences = store_files::archived_sequences(config_dir);
  if (!sequences.empty()) highest = sequences.back();
  for (const auto& entry : store_files::read_log_entries(config_dir)) highest = std::max(highest, entry.sequence);
  return highest + 1;
}

// Removes the oldest revisions beyond the kept count. A file that cannot be removed stays until the
// next revision is added: the revision just written is what matters.
void prune_oldest(const fs::path& config_dir) {
  const auto sequences = store_files::archived_sequences(config_dir);
  if (sequences.size() <= ConfigStore::kRevisionsKept) return;
  const std::size_t excess = sequences.size() - ConfigStore::kRevisionsKept;
  for (std::size_t i = 0; i < excess; ++i) {
    std::error_code ignored;
    fs::remove(store_files::revision_path(config_dir, sequences[i]), ignored);
  }
}

}  // namespace

namespace store_files {

std::vector<std::uint64_t> archived_sequences(const fs::path& config_dir) {
  std::vector<std::uint64_t> sequences;
  std::error_code error;
  fs::directory_iterator entries(archive_directory(config_dir), error);
  for (; !error && entries != fs::directory_iterator(); entries.increment(error)) {
    std::error_code type_error;
    if (!entries->is_regular_file(type_error)) continue;
    if (const auto sequence = sequence_in_name(entries->path().filename().string())) sequences.push_back(*sequence);
  }
  std::ranges::sort(sequences);
  return sequences;
}

}  // namespace store_files

std::expected<std::uint64_t, StoreError> ConfigStore::add_revision(const std::string& text) {
  if (auto made = store_files::make_private_directories(store_files::archive_directory(dir_)); !made) {
    return std::unexpected(made.error());
  }
  const std::uint64_t sequence = next_sequence(dir_);
  if (auto written = write_file_atomically(store_files::revision_path(dir_, sequence), text); !written) {
    return std::unexpected(written.error());
  }
  prune_oldest(dir_);
  return sequence;
}

std::expected<std::string, StoreError> ConfigStore::read_revision(std::uint64_t sequence) const {
  const auto path = store_files::revision_path(dir_, sequence);
  auto text = store_files::read_if_exists(path);
  if (!text) return std::unexpected(text.error());
  if (!*text) {
    return std::unexpected(StoreError{fmt::format("revision {} is not in the archive ({} does not exist)",
                                                  sequence, path.string())});
  }
  return std::move(**text);
}

std::optional<std::uint64_t> ConfigStore::sequence_of(std::size_t revision) const {
  const auto sequences = store_files::archived_sequences(dir_);
  if (revision >= sequences.size()) return std::nullopt;
  return sequences[sequences.size() - 1 - revision];
}

std::size_t ConfigStore::revision_count() const { return store_files::archived_sequences(dir_).size(); }

}  // namespace ctsh::cli
