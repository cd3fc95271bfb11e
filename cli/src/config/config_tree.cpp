// ConfigNode navigation and VyOS's numeric-aware name order.
#include "ctsh/cli/config_tree.hpp"

#include <cctype>

namespace ctsh::cli {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Compares two digit runs as numbers without overflow: strip leading zeros, then length, then bytes.
int compare_digit_runs(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b);
}

}  // namespace

bool NumericAwareLess::operator()(std::string_view a, std::string_view b) const {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      std::size_t i_end = i, j_end = j;
      while (i_end < a.size() && is_digit(a[i_end])) ++i_end;
      while (j_end < b.size() && is_digit(b[j_end])) ++j_end;
      if (int c = compare_digit_runs(a.substr(i, i_end - i), b.substr(j, j_end - j)); c != 0) return c < 0;
      // Equal numbers: the shorter spelling (fewer leading zeros) first, so the order stays strict.
      if (i_end - i != j_end - j) return i_end - i < j_end - j;
      i = i_end;
      j = j_end;
    } else {
      if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

const ConfigNode* ConfigNode::find(const Path& path) const {
  const ConfigNode* node = this;
  for (const auto& word : path) {
    auto it = node->children.find(word);
    if (it == node->children.end()) return nullptr;
    node = &it->second;
  }
  return node;
}

ConfigNode* ConfigNode::find(const Path& path) {
  return const_cast<ConfigNode*>(static_cast<const ConfigNode*>(this)->find(path));
}

ConfigNode& ConfigNode::ensure(const Path& path) {
  ConfigNode* node = this;
  for (const auto& word : path) node = &node->children[word];
  return *node;
}

bool ConfigNode::erase(const Path& path) {
  if (path.empty()) return false;
  std::vector<ConfigNode*> chain{this};
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    auto it = chain.back()->children.find(path[i]);
    if (it == chain.back()->children.end()) return false;
    chain.push_back(&it->second);
  }
  if (chain.back()->children.erase(path.back()) == 0) return false;
  for (std::size_t depth = chain.size() - 1; depth > 0; --depth) {
    if (!chain[depth]->children.empty() || chain[depth]->is_leaf) break;
    chain[depth - 1]->children.erase(path[depth - 1]);
  }
  return true;
}

const std::string* ConfigNode::first_value(const Path& path) const {
  const ConfigNode* leaf = find(path);
  return leaf && !leaf->values.empty() ? &leaf->values.front() : nullptr;
}

void ConfigNode::set_leaf(std::vector<std::string> leaf_values) {
  is_leaf = true;
  is_tag = false;
  children.clear();
  values = std::move(leaf_values);
}

std::string join_path(const Path& path) {
  std::string out;
  for (const auto& word : path) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

}  // namespace ctsh::cli
