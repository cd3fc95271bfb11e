// Renders the raw rule path of each family: prerouting raw, the attached rule set, the rule sets it
// jumps to, system conntrack ignore rules; then output raw (locally generated packets).
#include "show_firewall.hpp"

#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "text_table.hpp"

namespace ctsh::cli {
namespace {

// What a rule matches, in nftables words (as VyOS's `show firewall` prints conditions).
std::string conditions(const ConfigNode& rule) {
  std::vector<std::string> parts;
  static const std::pair<Path, const char*> kMatches[] = {
      {{"source", "address"}, "saddr"}, {{"destination", "address"}, "daddr"},
      {{"source", "port"}, "sport"},    {{"destination", "port"}, "dport"},
      {{"inbound-interface"}, "iifname"}};
  for (const auto& [path, word] : kMatches) {
    if (const std::string* value = rule.first_value(path)) parts.push_back(fmt::format("{} {}", word, *value));
  }
  if (const ConfigNode* flags = rule.find({"tcp", "flags"})) {
    std::vector<std::string> names;
    for (const auto& [flag, node] : flags->children) {
      if (flag == "not") {
        for (const auto& [negated, unused] : node.children) names.push_back("!" + negated);
      } else {
        names.push_back(flag);
      }
    }
    parts.push_back(fmt::format("tcp flags {}", fmt::join(names, ",")));
  }
  if (const std::string* target = rule.first_value({"jump-target"})) parts.push_back(fmt::format("jump {}", *target));
  if (rule.find({"disable"})) parts.push_back("(disabled)");
  return fmt::format("{}", fmt::join(parts, " "));
}

struct Chain {
  std::string title;            // `prerouting raw`, `name RAW`, `ignore`
  std::string note;             // how packets get here
  const ConfigNode* node;       // holds `rule` (and `default-action`)
  std::string default_action;   // "" when the chain has none (ignore rules fall through to tracking)
  bool notrack_only = false;    // conntrack ignore rules: the action is always notrack
};

std::vector<Chain> evaluation_order(const ConfigNode& running, const std::string& family) {
  std::vector<Chain> chains;
  const ConfigNode* firewall = running.find({"firewall", family});
  const ConfigNode* names = firewall ? firewall->find({"name"}) : nullptr;
  std::set<std::string> listed;
  auto add_named = [&](const std::string& name, const std::string& note, auto& self) -> void {
    if (!names || listed.contains(name)) return;
    const ConfigNode* set = names->find({name});
    if (!set) return;
    listed.insert(name);
    const std::string* action = (*set).first_value({"default-action"});
    chains.push_back({fmt::format("name {}", name), note, set, action ? *action : "drop"});
    if (const ConfigNode* rules = set->find({"rule"})) {
      for (const auto& [number, rule] : rules->children) {
        if (const std::string* target = rule.first_value({"jump-target"})) {
          self(*target, fmt::format("jumped to from name {} rule {}", name, number), self);
        }
      }
    }
  };
  if (firewall) {
    if (const ConfigNode* prerouting = firewall->find({"prerouting", "raw"})) {
      const std::string* action = (*prerouting).first_value({"default-action"});
      chains.push_back({"prerouting raw", "every packet, first", prerouting, action ? *action : "accept"});
      if (const ConfigNode* rules = prerouting->find({"rule"})) {
        for (const auto& [number, rule] : rules->children) {
          if (const std::string* target = rule.first_value({"jump-target"})) {
            add_named(*target, fmt::format("jumped to from prerouting raw rule {}", number), add_named);
          }
        }
      }
    }
    if (const std::string* attached = (*firewall).first_value({"input", "filter", "raw"})) {
      add_named(*attached, "attached with input filter raw", add_named);
    }
  }
  if (const ConfigNode* ignore = running.find({"system", "conntrack", "ignore", family})) {
    chains.push_back({"ignore", "system conntrack ignore rules, last", ignore, "", true});
  }
  if (firewall) {
    if (const ConfigNode* output = firewall->find({"output", "raw"})) {
      const std::string* action = (*output).first_value({"default-action"});
      chains.push_back({"output raw", "locally generated packets", output, action ? *action : "accept"});
    }
  }
  return chains;
}

std::vector<std::vector<std::string>> chain_rows(const Chain& chain) {
  std::vector<std::vector<std::string>> rows;
  if (const ConfigNode* rules = chain.node->find({"rule"})) {
    for (const auto& [number, rule] : rules->children) {
      const std::string* action = rule.first_value({"action"});
      const std::string* protocol = rule.first_value({"protocol"});
      const std::string* description = rule.first_value({"description"});
      rows.push_back({number, chain.notrack_only ? "notrack" : (action ? *action : ""), protocol ? *protocol : "all",
                      conditions(rule), description ? *description : ""});
    }
  }
  if (!chain.default_action.empty()) rows.push_back({"default", chain.default_action, "all", "", ""});
  return rows;
}

nlohmann::json chain_json(const Chain& chain) {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& row : chain_rows(chain)) {
    rules.push_back({{"rule", row[0]}, {"action", row[1]}, {"protocol", row[2]}, {"conditions", row[3]},
                     {"description", row[4]}});
  }
  return {{"chain", chain.title}, {"reached", chain.note}, {"rules", rules}};
}

}  // namespace

Status show_firewall(Shell::State& state, Invocation& call) {
  if (call.format == Format::commands) {
    call.output.err += framed({"'| commands' is not available for 'show firewall'"});
    return Status::failed;
  }
  nlohmann::json document = nlohmann::json::object();
  std::string text;
  for (const std::string family : {"ipv4", "ipv6"}) {
    auto chains = evaluation_order(state.running, family);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& chain : chains) {
      list.push_back(chain_json(chain));
      const char* kind = chain.notrack_only ? "Conntrack" : "Firewall";
      text += fmt::format("---------------------------------\n{} {} \"{}\" ({})\n\n", family, kind, chain.title, chain.note);
      text += render_table({"Rule", "Action", "Protocol", "Conditions", "Description"}, chain_rows(chain));
      text += "\n";
    }
    if (!chains.empty()) document[family] = list;
  }
  if (call.format == Format::json) {
    call.output.out += document.dump(4) + "\n";
  } else if (text.empty()) {
    call.output.out += "No raw rules are configured: every packet is tracked.\n";
  } else {
    call.output.out += "Rulesets Information (raw, before connection tracking)\n\n" + text;
  }
  return Status::ok;
}

}  // namespace ctsh::cli
