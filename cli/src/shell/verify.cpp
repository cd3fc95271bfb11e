// Cross-field rules checked at commit, after the schema: VyOS's verify() for system conntrack and the
// raw firewall, plus ctsh's own (attachments and jumps must name existing rule sets, no jump loops).
#include "verify.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace ctsh::cli {
namespace {

const Path kConntrack{"system", "conntrack"};
const Path kFirewall{"firewall"};
const char* const kFamilies[] = {"ipv4", "ipv6"};

bool has_port(const ConfigNode& rule) {
  return rule.find({"source", "port"}) || rule.find({"destination", "port"});
}

void verify_ignore_rules(const ConfigNode& conntrack, VerifyResult& result) {
  for (const char* family : kFamilies) {
    const ConfigNode* rules = conntrack.find({"ignore", family, "rule"});
    if (!rules) continue;
    result.warnings.push_back(fmt::format(
        "It is prefered to define {0} conntrack ignore rules in <firewall {0} prerouting raw> section", family));
    for (const auto& [number, rule] : rules->children) {
      const std::string* protocol = rule.first_value({"protocol"});
      if (has_port(rule) && (!protocol || (*protocol != "tcp" && *protocol != "udp"))) {
        result.errors.push_back({kConntrack, fmt::format("Port requires tcp or udp as protocol in rule {}", number)});
      }
      const ConfigNode* flags = rule.find({"tcp", "flags"});
      if (!flags) continue;
      if (!protocol || *protocol != "tcp") {
        result.errors.push_back({kConntrack, "Protocol must be tcp when specifying tcp flags"});
      }
      if (const ConfigNode* negated = flags->find({"not"})) {
        for (const auto& [flag, unused] : negated->children) {
          if (flags->children.contains(flag)) {
            result.errors.push_back({kConntrack, "Cannot match a tcp flag as set and not set"});
            break;
          }
        }
      }
    }
  }
}

void verify_custom_timeouts(const ConfigNode& conntrack, VerifyResult& result) {
  for (const char* family : kFamilies) {
    const ConfigNode* rules = conntrack.find({"timeout", "custom", family, "rule"});
    if (!rules) continue;
    for (const auto& [number, rule] : rules->children) {
      const ConfigNode* protocol = rule.find({"protocol"});
      if (!protocol || protocol->children.empty()) {
        result.errors.push_back(
            {kConntrack, fmt::format("Conntrack custom timeout rule {} requires protocol tcp or udp", number)});
      } else if (protocol->children.contains("tcp") && protocol->children.contains("udp")) {
        result.errors.push_back(
            {kConntrack, fmt::format("conntrack custom timeout rule {} - Cant use both tcp and udp protocol", number)});
      }
    }
  }
}

// Warns when an explicitly set hash-size exceeds the table size (buckets that can never fill).
void verify_table_sizes(const ConfigNode& conntrack, const ConfigNode& configured, VerifyResult& result) {
  const std::string* table = conntrack.first_value({"table-size"});
  const std::string* hash = conntrack.first_value({"hash-size"});
  if (!table || !hash || !configured.find({"system", "conntrack", "hash-size"})) return;
  const unsigned long table_size = std::stoul(*table), hash_size = std::stoul(*hash);
  if (hash_size > table_size) {
    result.warnings.push_back(fmt::format(
        "system conntrack hash-size {} is larger than table-size {}: at most table-size buckets can ever be used; "
        "set hash-size to table-size / 4 or less",
        hash_size, table_size));
  }
}

// One rule of a raw chain (`where` is the path to the rule, for messages).
void verify_raw_rule(const ConfigNode& rule, const std::string& where, const ConfigNode* names, VerifyResult& result) {
  const std::string* action = rule.first_value({"action"});
  const std::string* target = rule.first_value({"jump-target"});
  const std::string* protocol = rule.first_value({"protocol"});
  if (!action) {
    result.errors.push_back(
        {kFirewall, fmt::format("{}: no action; set one of accept, drop, reject, return, notrack or jump", where)});
  } else if (*action == "jump" && !target) {
    result.errors.push_back({kFirewall, fmt::format("{}: Action set to jump, but no jump-target specified", where)});
  }
  if (target && (!action || *action != "jump")) {
    result.errors.push_back(
        {kFirewall, fmt::format("{}: jump-target defined, but action jump needed and it is not defined", where)});
  }
  if (target && (!names || !names->children.contains(*target))) {
    result.errors.push_back(
        {kFirewall, fmt::format("{}: Invalid jump-target. Firewall name \"{}\" does not exist on the system", where,
                                *target)});
  }
  if (has_port(rule) && (!protocol || (*protocol != "tcp" && *protocol != "udp" && *protocol != "tcp_udp"))) {
    result.errors.push_back(
        {kFirewall, fmt::format("{}: Protocol must be tcp, udp, or tcp_udp when specifying a port", where)});
  }
}

void verify_chain_rules(const ConfigNode* chain, const std::string& where, const ConfigNode* names,
                        VerifyResult& result) {
  const ConfigNode* rules = chain ? chain->find({"rule"}) : nullptr;
  if (!rules) return;
  for (const auto& [number, rule] : rules->children) {
    verify_raw_rule(rule, fmt::format("{} rule {}", where, number), names, result);
  }
}

// Depth-first search for a jump cycle among named rule sets; reports each cycle once.
bool find_jump_cycle(const ConfigNode& names, const std::string& name, std::vector<std::string>& stack,
                     std::set<std::string>& done) {
  if (std::find(stack.begin(), stack.end(), name) != stack.end()) {
    stack.push_back(name);
    return true;
  }
  if (done.contains(name)) return false;
  const ConfigNode* set = names.find({name});
  stack.push_back(name);
  if (const ConfigNode* rules = set ? set->find({"rule"}) : nullptr) {
    for (const auto& [number, rule] : rules->children) {
      const std::string* target = rule.first_value({"jump-target"});
      if (target && names.children.contains(*target) && find_jump_cycle(names, *target, stack, done)) return true;
    }
  }
  stack.pop_back();
  done.insert(name);
  return false;
}

void verify_firewall(const ConfigNode& root, VerifyResult& result) {
  for (const char* family : kFamilies) {
    const ConfigNode* firewall = root.find({"firewall", family});
    if (!firewall) continue;
    const ConfigNode* names = firewall->find({"name"});
    verify_chain_rules(firewall->find({"prerouting", "raw"}), fmt::format("firewall {} prerouting raw", family), names,
                       result);
    verify_chain_rules(firewall->find({"output", "raw"}), fmt::format("firewall {} output raw", family), names, result);
    if (names) {
      for (const auto& [name, set] : names->children) {
        verify_chain_rules(&set, fmt::format("firewall {} name {}", family, name), names, result);
      }
      std::set<std::string> done;
      for (const auto& [name, set] : names->children) {
        std::vector<std::string> stack;
        if (find_jump_cycle(*names, name, stack, done)) {
          result.errors.push_back({kFirewall, fmt::format("firewall {} name: rule sets jump in a loop ({}); remove one "
                                                          "of these jumps",
                                                          family, fmt::join(stack, " -> "))});
          break;
        }
      }
    }
    if (const std::string* attached = (*firewall).first_value({"input", "filter", "raw"});
        attached && (!names || !names->children.contains(*attached))) {
      result.errors.push_back(
          {kFirewall, fmt::format("firewall {0} input filter raw: rule set \"{1}\" does not exist; create it with "
                                  "\"set firewall {0} name {1} ...\" or delete the attachment",
                                  family, *attached)});
    }
  }
}

}  // namespace

VerifyResult verify_config(const ConfigNode& effective, const ConfigNode& configured) {
  VerifyResult result;
  if (const ConfigNode* conntrack = effective.find(kConntrack)) {
    verify_ignore_rules(*conntrack, result);
    verify_custom_timeouts(*conntrack, result);
    verify_table_sizes(*conntrack, configured, result);
  }
  verify_firewall(effective, result);
  return result;
}

}  // namespace ctsh::cli
