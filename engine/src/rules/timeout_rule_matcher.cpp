// TimeoutRuleMatcher: custom timeout rules in rule-number order as RuleBitsets; of the rules a packet
// matches the last one wins (each matching rule sets the policy and a later one overrides it).
#include <algorithm>

#include "rules/raw_classifier.hpp"
#include "rules/rule_bitsets.hpp"

namespace ctsh::engine {

struct TimeoutRuleMatcher::Compiled {
  RuleBitsets bitsets;
  std::vector<int> rule_index;  // by bit: the index into the rules given to compile
  mutable std::vector<RuleWord> matched;
};

TimeoutRuleMatcher::TimeoutRuleMatcher() = default;
TimeoutRuleMatcher::~TimeoutRuleMatcher() = default;
TimeoutRuleMatcher::TimeoutRuleMatcher(TimeoutRuleMatcher&&) noexcept = default;
TimeoutRuleMatcher& TimeoutRuleMatcher::operator=(TimeoutRuleMatcher&&) noexcept = default;

TimeoutRuleMatcher TimeoutRuleMatcher::compile(const std::vector<CustomTimeoutRule>& rules,
                                               const std::vector<std::string>& interfaces) {
  TimeoutRuleMatcher matcher;
  if (rules.empty()) return matcher;
  auto compiled = std::make_unique<Compiled>();
  compiled->rule_index.resize(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) compiled->rule_index[i] = static_cast<int>(i);
  std::stable_sort(compiled->rule_index.begin(), compiled->rule_index.end(), [&rules](int a, int b) {
    return rules[static_cast<std::size_t>(a)].number < rules[static_cast<std::size_t>(b)].number;
  });
  std::vector<const PacketMatch*> matches;
  matches.reserve(rules.size());
  for (const int index : compiled->rule_index) matches.push_back(&rules[static_cast<std::size_t>(index)].match);
  compiled->bitsets = RuleBitsets::compile(matches, interfaces);
  compiled->matched.assign(compiled->bitsets.word_count(), 0);
  matcher.compiled_ = std::move(compiled);
  return matcher;
}

void TimeoutRuleMatcher::bind_interface(std::uint16_t id, std::string_view name) {
  if (compiled_) compiled_->bitsets.bind_interface(id, name);
}

int TimeoutRuleMatcher::match(const ParsedPacket& packet) const {
  if (!compiled_) return -1;
  compiled_->bitsets.match(packet, compiled_->matched);
  const std::ptrdiff_t last = last_rule_in(compiled_->matched);
  return last < 0 ? -1 : compiled_->rule_index[static_cast<std::size_t>(last)];
}

}  // namespace ctsh::engine
