// to_commands: a tree as VyOS's `show | commands` prints it, one `set` line per leaf.
#include "config_text.hpp"
#include "ctsh/cli/config_formats.hpp"

namespace ctsh::cli {

std::vector<std::string> to_commands(const ConfigNode& root, const Path& base) {
  std::vector<std::string> lines;
  const ConfigNode* node = root.find(base);
  if (node == nullptr) return lines;
  // At a leaf the lines keep the leaf's own name, as `show` at a leaf prints `name value`.
  Path path;
  if (node->is_leaf && !base.empty()) path.push_back(base.back());
  text::append_set_commands(lines, path, *node);
  return lines;
}

}  // namespace ctsh::cli
