// migrate_vyos15_timeouts: VyOS 1.5's `firewall global-options timeout` back into the 1.4 layout ctsh uses.
#include "ctsh/cli/config_formats.hpp"

namespace ctsh::cli {
namespace {

// Copies into `target` what it does not hold yet; what `target` already holds wins.
void merge_missing(ConfigNode& target, ConfigNode& source) {
  for (auto& [name, child] : source.children) {
    auto [it, inserted] = target.children.try_emplace(name, std::move(child));
    if (!inserted && !it->second.is_leaf && !child.is_leaf) merge_missing(it->second, child);
  }
}

}  // namespace

bool migrate_vyos15_timeouts(ConfigNode& tree) {
  const Path vyos15_timeouts{"firewall", "global-options", "timeout"};
  ConfigNode* found = tree.find(vyos15_timeouts);
  if (found == nullptr) return false;
  ConfigNode moved = std::move(*found);
  // erase() also removes `global-options` (and `firewall`) when nothing else is left in them.
  tree.erase(vyos15_timeouts);
  if (!moved.children.empty()) merge_missing(tree.ensure({"system", "conntrack", "timeout"}), moved);
  return true;
}

}  // namespace ctsh::cli
