// The pending commit-confirm, kept in commit-confirm.json until it is confirmed or reverted.
#include <cerrno>
#include <limits>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ctsh/cli/config_store.hpp"
#include "store_files.hpp"

namespace ctsh::cli {
namespace {

std::filesystem::path confirm_path(const std::filesystem::path& config_dir) {
  return config_dir / "commit-confirm.json";
}

StoreError corrupt(const std::filesystem::path& path, std::string_view problem) {
  return StoreError{fmt::format("{} is corrupt ({}); remove it to cancel the pending commit-confirm",
                                path.string(), problem)};
}

}  // namespace

std::expected<std::optional<PendingConfirm>, StoreError> ConfigStore::read_confirm() const {
  const auto path = confirm_path(dir_);
  const auto text = store_files::read_if_exists(path);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<PendingConfirm>{};
  const auto json = nlohmann::json::parse(**text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::unexpected(corrupt(path, "not valid JSON"));
  if (!json.is_object()) return std::unexpected(corrupt(path, "not a JSON object"));
  const auto deadline = json.find("deadline_epoch");
  const auto revert_to = json.find("revert_to_sequence");
  const auto minutes = json.find("minutes");
  if (deadline == json.end() || !deadline->is_number_integer()) {
    return std::unexpected(corrupt(path, "\"deadline_epoch\" must be an integer"));
  }
  if (revert_to == json.end() || !revert_to->is_number_unsigned()) {
    return std::unexpected(corrupt(path, "\"revert_to_sequence\" must be a non-negative integer"));
  }
  if (minutes == json.end() || !minutes->is_number_unsigned() ||
      minutes->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
    return std::unexpected(corrupt(path, "\"minutes\" must be a non-negative integer"));
  }
  if (deadline->is_number_unsigned() &&
      deadline->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return std::unexpected(corrupt(path, "\"deadline_epoch\" is out of range"));
  }
  return std::optional<PendingConfirm>{PendingConfirm{deadline->get<std::int64_t>(),
                                                      revert_to->get<std::uint64_t>(), minutes->get<int>()}};
}

std::expected<void, StoreError> ConfigStore::write_confirm(const PendingConfirm& pending) {
  const nlohmann::json json = {{"deadline_epoch", pending.deadline_epoch},
                               {"revert_to_sequence", pending.revert_to_sequence},
                               {"minutes", pending.minutes}};
  return write_file_atomically(confirm_path(dir_), json.dump() + "\n");
}

std::expected<void, StoreError> ConfigStore::clear_confirm() {
  const auto path = confirm_path(dir_);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return {};
    return std::unexpected(store_files::system_error("cannot remove", path, errno));
  }
  return store_files::sync_directory(dir_);
}

}  // namespace ctsh::cli
