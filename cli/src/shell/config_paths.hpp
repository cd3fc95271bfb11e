// Resolving the path words of set / delete / show / edit / comment against the schema, with VyOS's
// messages, and creating nodes with the right kinds.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "ctsh/cli/config_tree.hpp"
#include "ctsh/cli/schema.hpp"

namespace ctsh::cli {

struct ResolvedPath {
  Path node_path;                    // the node (tag values included), without a leaf's value
  const SchemaNode* node = nullptr;  // its schema node; the root when node_path is empty
  std::optional<std::string> value;  // a leaf's or multi's value word
  bool tag_without_value = false;    // the path ends on a tag node's name (`... rule`)
};

enum class PathUse { set, remove, show };

// Resolves `words`. Errors are the lines VyOS prints (without the trailing "Set failed" line, which
// the caller adds for its verb): "Configuration path: a b [c] is not valid", the value's validation
// lines + "Value validation failed", "Configuration path: [a b] requires a value" (set only).
std::expected<ResolvedPath, std::vector<std::string>> resolve_config_path(const Schema& schema, const Path& words,
                                                                          PathUse use);

// Creates the node at `path` (a tree path, tag values included), marking tag nodes and leaves from the schema.
ConfigNode& ensure_node(ConfigNode& root, const Path& path, const Schema& schema);

}  // namespace ctsh::cli
