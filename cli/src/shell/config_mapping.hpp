// Maps the effective configuration tree (defaults filled in) to the typed ConntrackConfig a dataplane applies.
#pragma once

#include "ctsh/cli/config_tree.hpp"
#include "ctsh/engine/conntrack_config.hpp"

namespace ctsh::cli {

// `effective` must have passed validation; values that fail to convert are a programming error and
// throw std::logic_error naming the path.
engine::ConntrackConfig to_conntrack_config(const ConfigNode& effective);

}  // namespace ctsh::cli
