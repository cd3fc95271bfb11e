// Engine configuration: timeout policies (global and custom rules), raw rule classifiers, table and
// index sizes, and the transactional apply that keeps every live entry.
#include <map>
#include <string_view>

#include "core/engine_impl.hpp"

namespace ctsh::engine {
namespace {

// Kernel values ctsh's configuration does not set (nf_conntrack.md §2.4, §3.4).
constexpr std::uint32_t tcp_syn_sent2_seconds = 120;
constexpr std::uint32_t tcp_retrans_seconds = 300;
constexpr std::uint32_t tcp_unack_seconds = 300;
constexpr std::uint32_t sctp_seconds[] = {10, 3, 3, 210, 3, 3, 3, 30};
constexpr std::uint32_t gre_unreplied_seconds = 30;
constexpr std::uint32_t gre_stream_seconds = 180;

void set(TimeoutPolicy& policy, TimeoutSlot slot, std::uint32_t seconds) {
  policy.ticks[static_cast<std::size_t>(slot)] = ticks_from_seconds(seconds);
}

TimeoutPolicy global_policy(const Timeouts& t) {
  TimeoutPolicy p;
  set(p, TimeoutSlot::tcp_syn_sent, t.tcp.syn_sent);
  set(p, TimeoutSlot::tcp_syn_recv, t.tcp.syn_recv);
  set(p, TimeoutSlot::tcp_established, t.tcp.established);
  set(p, TimeoutSlot::tcp_fin_wait, t.tcp.fin_wait);
  set(p, TimeoutSlot::tcp_close_wait, t.tcp.close_wait);
  set(p, TimeoutSlot::tcp_last_ack, t.tcp.last_ack);
  set(p, TimeoutSlot::tcp_time_wait, t.tcp.time_wait);
  set(p, TimeoutSlot::tcp_close, t.tcp.close);
  set(p, TimeoutSlot::tcp_syn_sent2, tcp_syn_sent2_seconds);
  set(p, TimeoutSlot::tcp_retrans, tcp_retrans_seconds);
  set(p, TimeoutSlot::tcp_unack, tcp_unack_seconds);
  set(p, TimeoutSlot::udp_unreplied, t.udp_other);
  set(p, TimeoutSlot::udp_replied, t.udp_stream);
  set(p, TimeoutSlot::icmp, t.icmp);
  set(p, TimeoutSlot::generic, t.other);
  for (std::size_t i = 0; i < std::size(sctp_seconds); ++i) {
    p.ticks[static_cast<std::size_t>(TimeoutSlot::sctp_closed) + i] = ticks_from_seconds(sctp_seconds[i]);
  }
  set(p, TimeoutSlot::gre_unreplied, gre_unreplied_seconds);
  set(p, TimeoutSlot::gre_stream, gre_stream_seconds);
  return p;
}

// Schema names of custom timeouts and the slots they set.
const std::map<std::string_view, TimeoutSlot>& custom_timeout_slots() {
  static const std::map<std::string_view, TimeoutSlot> slots{
      {"close", TimeoutSlot::tcp_close},           {"close-wait", TimeoutSlot::tcp_close_wait},
      {"established", TimeoutSlot::tcp_established}, {"fin-wait", TimeoutSlot::tcp_fin_wait},
      {"last-ack", TimeoutSlot::tcp_last_ack},     {"syn-recv", TimeoutSlot::tcp_syn_recv},
      {"syn-sent", TimeoutSlot::tcp_syn_sent},     {"time-wait", TimeoutSlot::tcp_time_wait},
      {"replied", TimeoutSlot::udp_replied},       {"unreplied", TimeoutSlot::udp_unreplied},
  };
  return slots;
}

}  // namespace

void Engine::Impl::build_policies() {
  policies.clear();
  policy_rule_numbers.clear();
  const TimeoutPolicy global = global_policy(config.timeouts);
  policies.push_back(global);
  policy_rule_numbers.push_back(0);
  for (const auto* rules : {&config.custom_timeouts_ipv4, &config.custom_timeouts_ipv6}) {
    for (const CustomTimeoutRule& rule : *rules) {
      TimeoutPolicy policy = global;
      for (const auto& [name, seconds] : rule.timeouts) {
        if (auto slot = custom_timeout_slots().find(name); slot != custom_timeout_slots().end()) {
          set(policy, slot->second, seconds);
        }
      }
      policies.push_back(policy);
      policy_rule_numbers.push_back(rule.number);
    }
  }
  timeout_rules[0] = TimeoutRuleMatcher::compile(config.custom_timeouts_ipv4, interfaces);
  timeout_rules[1] = TimeoutRuleMatcher::compile(config.custom_timeouts_ipv6, interfaces);
  raw[0] = RawClassifier::compile(config.raw_ipv4, interfaces);
  raw[1] = RawClassifier::compile(config.raw_ipv6, interfaces);
  settings.tcp_loose = config.tcp.loose;
  settings.tcp_max_retrans = config.tcp.max_retrans;
}

std::uint16_t Engine::Impl::custom_policy_for_new_flow(const ParsedPacket& packet) const {
  const auto family = static_cast<std::size_t>(packet.family);
  const int rule = timeout_rules[family].match(packet);
  if (rule < 0) return 0;
  const std::size_t base = family == 0 ? 1 : 1 + config.custom_timeouts_ipv4.size();
  return static_cast<std::uint16_t>(base + static_cast<std::size_t>(rule));
}

std::expected<void, std::string> Engine::Impl::apply(const ConntrackConfig& next) {
  if (next.custom_timeouts_ipv4.size() + next.custom_timeouts_ipv6.size() >= 0xffff) {
    return std::unexpected("too many custom timeout rules (at most 65534)");
  }
  const std::uint32_t capacity = std::max(next.table_size, table.capacity());
  if (auto sized = table.configure(capacity, next.hash_size, next.flow_accounting); !sized) {
    return std::unexpected(sized.error());
  }
  // Nothing below can fail: the configuration is switched in one piece.
  const ConntrackConfig previous = std::exchange(config, next);
  const std::vector<std::uint32_t> old_rule_numbers = policy_rule_numbers;
  const std::size_t old_ipv4_rules = previous.custom_timeouts_ipv4.size();
  build_policies();
  expectations.set_max(config.expect_table_size);
  if (previous.custom_timeouts_ipv4 != config.custom_timeouts_ipv4 ||
      previous.custom_timeouts_ipv6 != config.custom_timeouts_ipv6) {
    // Entries keep their custom rule by number; a rule that is gone leaves the global timeouts.
    for (std::uint32_t index = 0; index < table.high_water(); ++index) {
      EntryState& e = table.state(index);
      if (!(table.entry(index).flags & entry_live) || e.policy == 0) continue;
      const bool ipv6_rule = e.policy > old_ipv4_rules;
      const std::uint32_t number = old_rule_numbers[e.policy];
      const auto& rules = ipv6_rule ? config.custom_timeouts_ipv6 : config.custom_timeouts_ipv4;
      const std::size_t base = ipv6_rule ? 1 + config.custom_timeouts_ipv4.size() : 1;
      e.policy = 0;
      for (std::size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].number == number) e.policy = static_cast<std::uint16_t>(base + i);
      }
    }
  }
  return {};
}

}  // namespace ctsh::engine
