// RawClassifier: the raw rule chains of one family (prerouting rules, the attached named set and the
// sets it jumps to, then the conntrack ignore rules) laid out as contiguous runs of one rule list,
// matched with RuleBitsets and walked with a preallocated call stack.
//
// Only forwarded traffic is modelled, so `output` rules never apply. The default action of
// `prerouting raw` is a base chain's policy: `accept` hands the packet on to the next stage (as the
// attached set and the ignore rules are reached with VyOS's default), `drop` drops it. An `accept`
// rule, or a named set's default `accept`, ends raw processing (tracked). A jump to a missing set, or
// one that would close a loop of jumps (verify refuses those), has no effect, so the walk always ends.
#include "rules/raw_classifier.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>

#include "rules/rule_bitsets.hpp"

namespace ctsh::engine {
namespace {

// What a matching rule, or the end of a chain, does.
enum class Step : std::uint8_t { track, notrack, drop, reject, leave, enter, pass };

struct Chain {
  std::uint32_t begin = 0;  // rules [begin, end) of the shared list
  std::uint32_t end = 0;
  Step at_end = Step::leave;  // never enter or pass
};

struct Frame {
  std::uint32_t chain = 0;
  std::uint32_t next = 0;  // the next rule to look at
};

// The reachable chains as contiguous runs of one rule list.
struct ChainLayout {
  std::vector<const RawRule*> rules;
  std::vector<Step> steps;             // by rule
  std::vector<std::uint32_t> targets;  // by rule: the chain an `enter` step enters
  std::vector<Chain> chains;
};

Step step_of(RawAction action) {
  switch (action) {
    case RawAction::accept: return Step::track;
    case RawAction::drop: return Step::drop;
    case RawAction::reject: return Step::reject;
    case RawAction::notrack: return Step::notrack;
    case RawAction::return_to_caller: return Step::leave;
    case RawAction::jump: return Step::enter;
  }
  return Step::pass;
}

// A default action: `jump` has no target there and behaves as `return`.
Step end_step_of(RawAction default_action) {
  const Step step = step_of(default_action);
  return step == Step::enter ? Step::leave : step;
}

RawVerdict verdict_of(Step step) {
  switch (step) {
    case Step::notrack: return RawVerdict::notrack;
    case Step::drop: return RawVerdict::drop;
    case Step::reject: return RawVerdict::reject;
    default: return RawVerdict::track;
  }
}

bool changes_verdict(Step step) { return step == Step::notrack || step == Step::drop || step == Step::reject; }

std::vector<const RawRule*> by_number(const std::vector<RawRule>& rules) {
  std::vector<const RawRule*> ordered;
  ordered.reserve(rules.size());
  for (const RawRule& rule : rules) ordered.push_back(&rule);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const RawRule* a, const RawRule* b) { return a->number < b->number; });
  return ordered;
}

}  // namespace

struct RawClassifier::Compiled {
  RuleBitsets bitsets;
  std::vector<Step> steps;
  std::vector<std::uint32_t> targets;
  std::vector<Chain> chains;
  std::vector<std::uint32_t> stages;   // the top-level chains, in evaluation order
  mutable std::vector<RuleWord> matched;
  mutable std::vector<Frame> stack;    // jumps form no loop, so no chain is on it twice

  // The verdict when a stage ends raw processing, or nothing when it hands the packet on.
  std::optional<RawVerdict> run(std::uint32_t stage) const;
};

std::optional<RawVerdict> RawClassifier::Compiled::run(std::uint32_t stage) const {
  std::size_t depth = 0;
  stack[depth++] = {stage, chains[stage].begin};
  while (depth > 0) {
    Frame& top = stack[depth - 1];
    const Chain& chain = chains[top.chain];
    const std::size_t rule = first_rule_in(matched, top.next, chain.end);
    const bool at_end = rule == chain.end;
    const Step step = at_end ? chain.at_end : steps[rule];
    if (!at_end) top.next = static_cast<std::uint32_t>(rule + 1);
    switch (step) {
      case Step::pass:
        break;
      case Step::leave:
        --depth;
        break;
      case Step::enter:
        stack[depth++] = {targets[rule], chains[targets[rule]].begin};
        break;
      default:
        return verdict_of(step);
    }
  }
  return std::nullopt;
}

namespace {

// Lays the reachable chains out in one rule list, resolving jumps by a depth-first walk.
class ChainBuilder {
 public:
  explicit ChainBuilder(const RawTable& table) : table_(table) {}

  std::uint32_t add(const std::vector<const RawRule*>& rules, Step at_end, bool ignore_rules) {
    const auto chain = static_cast<std::uint32_t>(layout_.chains.size());
    const auto begin = static_cast<std::uint32_t>(layout_.rules.size());
    for (const RawRule* rule : rules) {
      layout_.rules.push_back(rule);
      layout_.steps.push_back(ignore_rules ? Step::notrack : step_of(rule->action));
      layout_.targets.push_back(0);
    }
    const auto end = static_cast<std::uint32_t>(layout_.rules.size());
    layout_.chains.push_back({begin, end, at_end});
    on_path_.push_back(true);
    for (std::uint32_t rule = begin; rule < end; ++rule) {
      if (layout_.steps[rule] == Step::enter) resolve_jump(rule);
    }
    on_path_[chain] = false;
    return chain;
  }

  // The chain of named set `name` (compiled on first use), or nothing when there is no such set.
  std::optional<std::uint32_t> named(const std::string& name) {
    if (const auto known = chain_of_set_.find(name); known != chain_of_set_.end()) return known->second;
    const auto set = table_.named_sets.find(name);
    if (set == table_.named_sets.end()) return std::nullopt;
    chain_of_set_[name] = static_cast<std::uint32_t>(layout_.chains.size());
    return add(by_number(set->second.rules), end_step_of(set->second.default_action), false);
  }

  bool can_change_verdict() const {
    return std::any_of(layout_.steps.begin(), layout_.steps.end(), changes_verdict) ||
           std::any_of(layout_.chains.begin(), layout_.chains.end(),
                       [](const Chain& chain) { return changes_verdict(chain.at_end); });
  }

  ChainLayout take() { return std::move(layout_); }

 private:
  void resolve_jump(std::uint32_t rule) {
    const std::optional<std::uint32_t> target = named(layout_.rules[rule]->jump_target);
    if (!target || on_path_[*target]) {
      layout_.steps[rule] = Step::pass;
    } else {
      layout_.targets[rule] = *target;
    }
  }

  const RawTable& table_;
  ChainLayout layout_;
  std::vector<bool> on_path_;
  std::map<std::string, std::uint32_t, std::less<>> chain_of_set_;
};

}  // namespace

RawClassifier::RawClassifier() = default;
RawClassifier::~RawClassifier() = default;
RawClassifier::RawClassifier(RawClassifier&&) noexcept = default;
RawClassifier& RawClassifier::operator=(RawClassifier&&) noexcept = default;

RawClassifier RawClassifier::compile(const RawTable& table, const std::vector<std::string>& interfaces) {
  const RawAction prerouting_default = table.prerouting.default_action;
  ChainBuilder builder(table);
  std::vector<std::uint32_t> stages;
  stages.push_back(builder.add(by_number(table.prerouting.rules),
                               prerouting_default == RawAction::accept ? Step::leave : end_step_of(prerouting_default),
                               false));
  if (table.attached_set) {
    if (const auto attached = builder.named(*table.attached_set)) stages.push_back(*attached);
  }
  stages.push_back(builder.add(by_number(table.ignore_rules), Step::leave, true));

  RawClassifier classifier;
  if (!builder.can_change_verdict()) return classifier;
  ChainLayout layout = builder.take();
  std::vector<const PacketMatch*> matches;
  matches.reserve(layout.rules.size());
  for (const RawRule* rule : layout.rules) matches.push_back(&rule->match);
  auto compiled = std::make_unique<Compiled>();
  compiled->bitsets = RuleBitsets::compile(matches, interfaces);
  compiled->steps = std::move(layout.steps);
  compiled->targets = std::move(layout.targets);
  compiled->chains = std::move(layout.chains);
  compiled->stages = std::move(stages);
  compiled->matched.assign(compiled->bitsets.word_count(), 0);
  compiled->stack.assign(compiled->chains.size(), Frame{});
  classifier.compiled_ = std::move(compiled);
  return classifier;
}

void RawClassifier::bind_interface(std::uint16_t id, std::string_view name) {
  if (compiled_) compiled_->bitsets.bind_interface(id, name);
}

RawVerdict RawClassifier::classify(const ParsedPacket& packet) const {
  if (!compiled_) return RawVerdict::track;
  compiled_->bitsets.match(packet, compiled_->matched);
  for (const std::uint32_t stage : compiled_->stages) {
    if (const std::optional<RawVerdict> verdict = compiled_->run(stage)) return *verdict;
  }
  return RawVerdict::track;
}

}  // namespace ctsh::engine
