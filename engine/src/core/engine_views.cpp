// The engine seen from outside: flow views, iteration with filters, deletion, statistics, the
// expectation list, events, and entry destruction (the one place an entry leaves the table).
#include "core/engine_impl.hpp"

namespace ctsh::engine {
namespace {

FlowTuple flow_tuple(const PacketTuple& tuple, Family family) {
  FlowTuple out;
  out.src = tuple.src;
  out.dst = tuple.dst;
  out.src.family = out.dst.family = family;
  const bool icmp = (family == Family::ipv4 && tuple.protocol == 1) || (family == Family::ipv6 && tuple.protocol == 58);
  if (icmp) {
    out.type = static_cast<std::uint8_t>(tuple.dport >> 8);
    out.code = static_cast<std::uint8_t>(tuple.dport & 0xff);
    out.id = tuple.sport;
  } else {
    out.sport = tuple.sport;
    out.dport = tuple.dport;
  }
  return out;
}

}  // namespace

std::string_view Engine::Impl::helper_of(std::uint32_t index) const {
  return helper_name(static_cast<HelperKind>((table.entry(index).flags & entry_helper_mask) >> entry_helper_shift));
}

bool Engine::Impl::alive(std::uint32_t index) const {
  const Entry& e = table.entry(index);
  return (e.flags & entry_live) && !tick_reached(e.deadline, now());
}

FlowView Engine::Impl::view_of(std::uint32_t index) const {
  const Entry& e = table.entry(index);
  const Family family = table.family_of(index);
  FlowView view;
  view.id = table.record(index).id;
  view.family = family;
  view.protocol = e.protocol;
  view.state = tracker_for(e.protocol).state_name(table.state(index).proto);
  view.timeout_seconds = seconds_left(e.deadline, now());
  view.original = flow_tuple(table.tuple_of(index, Direction::original), family);
  view.reply = flow_tuple(table.tuple_of(index, Direction::reply), family);
  view.status = e.status;
  view.mark = table.mark(index);
  view.helper = helper_of(index);
  if (const FlowCounters* c = table.counters(index)) view.counters = std::array<FlowCounters, 2>{c[0], c[1]};
  return view;
}

void Engine::Impl::emit(FlowEventType type, std::uint32_t index) {
  if (subscribers.empty()) return;
  const FlowEvent event{type, clock_ns, view_of(index)};
  for (const auto& subscriber : subscribers) subscriber.second(event);
}

void Engine::Impl::destroy(std::uint32_t index, DestroyReason reason) {
  table.wheel().remove(index);
  destroy_unwheeled(index, reason);
}

void Engine::Impl::destroy_unwheeled(std::uint32_t index, DestroyReason reason) {
  emit(FlowEventType::destroy, index);
  Entry& e = table.entry(index);
  e.status |= status_dying;
  table.unlink(index);
  if (e.flags & entry_helper_mask) {
    helpers.forget(index);
    if (!expectations.empty()) expectations.remove_master(index, counters.kernel);
  }
  ++counters.destroyed;
  if (reason == DestroyReason::expired) ++counters.expired;
  table.release(index);
}

void Engine::for_each(const FlowFilter& filter, const std::function<void(const FlowView&)>& visit) const {
  for_each_handle(filter, [&](std::uint32_t, const FlowView& view) { visit(view); });
}

void Engine::for_each_handle(const FlowFilter& filter,
                             const std::function<void(std::uint32_t handle, const FlowView&)>& visit) const {
  const Impl& impl = *impl_;
  for (std::uint32_t index = 0; index < impl.table.high_water(); ++index) {
    if (!impl.alive(index)) continue;
    const FlowView view = impl.view_of(index);
    if (matches(filter, view)) visit(index, view);
  }
}

void Engine::for_each_at(std::span<const std::uint32_t> handles, const std::function<void(const FlowView&)>& visit) const {
  // Handles in a view's order fall anywhere in the table: fetching this many flows ahead hides the
  // misses of a random walk over a large table.
  constexpr std::size_t fetch_ahead = 16;
  const Impl& impl = *impl_;
  for (std::size_t i = 0; i < handles.size(); ++i) {
    if (i + fetch_ahead < handles.size()) impl.table.prefetch_entry(handles[i + fetch_ahead]);
    visit(impl.view_of(handles[i]));
  }
}

std::size_t Engine::erase(const FlowFilter& filter) {
  Impl& impl = *impl_;
  std::size_t erased = 0;
  for (std::uint32_t index = 0; index < impl.table.high_water(); ++index) {
    if (!impl.alive(index) || !matches(filter, impl.view_of(index))) continue;
    impl.destroy(index, DestroyReason::deleted);
    ++erased;
  }
  return erased;
}

void Engine::clear() {
  Impl& impl = *impl_;
  if (impl.subscribers.empty() && impl.expectations.empty()) {
    // Nobody to tell and no expectation to remove: destroying each entry would only count it (the
    // helpers, the index and the pool are reset below).
    impl.counters.destroyed += impl.table.count();
  } else {
    for (std::uint32_t index = 0; index < impl.table.high_water(); ++index) {
      if (impl.table.entry(index).flags & entry_live) impl.destroy(index, DestroyReason::deleted);
    }
  }
  impl.expectations.clear();
  impl.helpers.clear();
  impl.parser.clear();
  impl.table.clear(impl.table.wheel().time());
}

EngineStats Engine::stats() const {
  const Impl& impl = *impl_;
  EngineStats s = impl.counters;
  s.entries = impl.table.count();
  s.expectations = impl.expectations.size();
  s.table_size = impl.config.table_size;
  s.hash_size = impl.config.hash_size;
  s.expect_table_size = impl.config.expect_table_size;
  s.memory_bytes = impl.table.memory_bytes() + impl.expectations.size() * sizeof(Expectation);
  return s;
}

std::uint64_t Engine::peak_since_restart() const { return std::max<std::uint64_t>(impl_->peak_since_restart, impl_->table.count()); }

void Engine::restart_peak() { impl_->peak_since_restart = impl_->table.count(); }

void Engine::for_each_expectation(const std::function<void(const ExpectationView&)>& visit) const {
  const Impl& impl = *impl_;
  impl.expectations.for_each([&](const Expectation& e) {
    if (tick_reached(e.deadline, impl.now())) return;
    ExpectationView view;
    view.id = e.id;
    view.timeout_seconds = seconds_left(e.deadline, impl.now());
    view.family = e.family;
    view.protocol = e.tuple.protocol;
    view.tuple = flow_tuple(e.tuple, e.family);
    if (e.any_source_port) view.tuple.sport = 0;
    view.mask.src.family = view.mask.dst.family = e.family;
    const std::size_t address_bytes = e.family == Family::ipv4 ? 4 : 16;
    for (std::size_t i = 0; i < address_bytes; ++i) view.mask.src.bytes[i] = view.mask.dst.bytes[i] = 0xff;
    view.mask.sport = e.any_source_port ? 0 : 0xffff;
    view.mask.dport = 0xffff;
    view.master = flow_tuple(impl.table.tuple_of(e.master, Direction::original), impl.table.family_of(e.master));
    view.expect_class = e.expect_class;
    view.helper = helper_name(e.helper);
    visit(view);
  });
}

}  // namespace ctsh::engine
