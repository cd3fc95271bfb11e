// RawClassifier: the raw (before tracking) rules of one family compiled for fast matching, in the
// documented order: prerouting rules by number, then the attached rule set, then `system conntrack
// ignore` rules (notrack). Matching cost grows with rules/64, not with rules: each field maps the
// packet's value to a bitset of rules that accept it and the bitsets are intersected.
//
//   RawClassifier c = RawClassifier::compile(config.raw_ipv4, interfaces);
//   switch (c.classify(packet)) { case RawVerdict::notrack: ... }
//
// Interface names are matched through ids (Engine::interface_id); a name first seen after compile is
// bound with bind_interface(). Not thread-safe; classify is const and allocation-free.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ctsh/engine/conntrack_config.hpp"
#include "packet/parsed_packet.hpp"

namespace ctsh::engine {

enum class RawVerdict : std::uint8_t { track, notrack, drop, reject };

class RawClassifier {
 public:
  RawClassifier();  // no rules: everything is tracked
  ~RawClassifier();
  RawClassifier(RawClassifier&&) noexcept;
  RawClassifier& operator=(RawClassifier&&) noexcept;

  // `interfaces[id]` is the name of interface id (index 0 = unknown, "").
  static RawClassifier compile(const RawTable& table, const std::vector<std::string>& interfaces);
  void bind_interface(std::uint16_t id, std::string_view name);

  bool empty() const { return !compiled_; }  // true when no rule can change the verdict from track
  RawVerdict classify(const ParsedPacket& packet) const;

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
};

// Custom timeout rules of one family: the number of the rule a new flow takes (rule order, the last
// matching rule wins, as VyOS's rules on the kernel), using the same bitset matching.
class TimeoutRuleMatcher {
 public:
  TimeoutRuleMatcher();
  ~TimeoutRuleMatcher();
  TimeoutRuleMatcher(TimeoutRuleMatcher&&) noexcept;
  TimeoutRuleMatcher& operator=(TimeoutRuleMatcher&&) noexcept;

  static TimeoutRuleMatcher compile(const std::vector<CustomTimeoutRule>& rules,
                                    const std::vector<std::string>& interfaces);
  void bind_interface(std::uint16_t id, std::string_view name);

  bool empty() const { return !compiled_; }
  // Index into the `rules` vector given to compile, or -1 when no rule matches.
  int match(const ParsedPacket& packet) const;

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace ctsh::engine
