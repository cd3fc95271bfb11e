// Reading a configuration file for load / merge: config.boot (VyOS 1.4 or 1.5 layout) or JSON
// (typed or VyOS's all-strings), checked against the schema before anything changes.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include "ctsh/cli/config_tree.hpp"
#include "ctsh/cli/schema.hpp"

namespace ctsh::cli {

// The tree in `file`; with `subtree` (merge FILE PATH) only that part, at its place. Errors name the
// file and what is wrong; sections ctsh does not manage are refused with a pointer to `merge FILE PATH`.
std::expected<ConfigNode, std::string> import_config_file(const std::filesystem::path& file, const Path& subtree,
                                                          const Schema& schema);

// Merges `addition` into `base`: leaves (multi values included) take the addition's values, comments
// from the addition win, everything else in `base` stays.
void merge_tree(ConfigNode& base, const ConfigNode& addition);

}  // namespace ctsh::cli
