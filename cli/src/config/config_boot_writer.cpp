// render_config_boot: VyOS's saver format (4-space indent, every value double-quoted) and version footer.
#include "config_text.hpp"
#include "ctsh/cli/config_formats.hpp"

namespace ctsh::cli {
namespace {

// The footer VyOS's saver writes; the component versions are those of the layout ctsh reads.
constexpr std::string_view kVersionFooter =
    "// Warning: Do not remove the following line.\n"
    "// vyos-config-version: \"conntrack@5:firewall@15\"\n"
    "// Release version: ctsh 0.1.0\n";

}  // namespace

std::string render_config_boot(const ConfigNode& root) {
  std::string out;
  for (const auto& [name, child] : root.children) text::append_boot_node(out, "", name, child, 0);
  out += kVersionFooter;
  return out;
}

}  // namespace ctsh::cli
