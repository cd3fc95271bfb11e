// Engine: construction, the clock (start, advance, incremental reaping) and the public methods, which
// forward to Engine::Impl.
#include "ctsh/engine/engine.hpp"

#include <stdexcept>

#include "core/engine_impl.hpp"

namespace ctsh::engine {

Engine::Impl::Impl(const ConntrackConfig& initial, EngineOptions engine_options)
    : options(engine_options), parser(engine_options.verify_checksums), expectations(initial.expect_table_size) {
  if (auto applied = apply(initial); !applied) throw std::runtime_error(applied.error());
  table.clear(0);
}

void Engine::Impl::set_clock(std::uint64_t time_ns, std::uint64_t epoch) {
  clock_ns = time_ns;
  epoch_ns = epoch;
  current_ticks = tick_now();
}

void Engine::Impl::start_or_advance_clock(std::uint64_t time_ns) {
  if (!clock_started) {
    clock_started = true;
    set_clock(time_ns, time_ns);
    table.wheel().reset(0);
    return;
  }
  if (time_ns <= clock_ns) return;
  const std::uint64_t before = current_ticks;
  set_clock(time_ns, epoch_ns);
  if (current_ticks != before) reap();
}

void Engine::Impl::reap() {
  // Advance in steps shorter than 2^31 ticks so that 32-bit deadlines never wrap past each other.
  constexpr std::uint64_t max_step = 1ull << 30;
  const std::uint64_t target = tick_now();
  while (table.wheel().time() < target) {
    const std::uint64_t step_end = std::min(target, table.wheel().time() + max_step);
    const auto step_now = static_cast<Tick>(step_end);
    table.wheel().advance(step_end, [&](std::uint32_t index) {
      const Entry& e = table.entry(index);
      if (tick_reached(e.deadline, step_now)) {
        destroy_unwheeled(index, DestroyReason::expired);
      } else {
        table.wheel().insert(index, e.deadline);
      }
    });
  }
  if (!expectations.empty()) expectations.expire(now(), counters.kernel);
}

Engine::Engine(const ConntrackConfig& config, EngineOptions options)
    : impl_(std::make_unique<Impl>(config, options)) {}

Engine::~Engine() = default;

std::expected<void, std::string> Engine::apply(const ConntrackConfig& config) { return impl_->apply(config); }

const ConntrackConfig& Engine::config() const { return impl_->config; }

void Engine::process(std::span<const Frame> frames, std::span<PacketVerdict> verdicts) {
  if (verdicts.size() < frames.size()) throw std::invalid_argument("Engine::process: fewer verdicts than frames");
  impl_->process(frames, verdicts);
}

std::optional<std::uint64_t> Engine::clock_ns() const {
  if (!impl_->clock_started) return std::nullopt;
  return impl_->clock_ns;
}

void Engine::start_clock(std::uint64_t time_ns) {
  if (!impl_->clock_started) impl_->move_clock_to(time_ns);
}

void Engine::advance(std::uint64_t nanoseconds) {
  if (!impl_->clock_started) impl_->move_clock_to(0);
  impl_->move_clock_to(impl_->clock_ns + nanoseconds);
}

std::uint16_t Engine::interface_id(std::string_view name) {
  auto& interfaces = impl_->interfaces;
  for (std::size_t id = 1; id < interfaces.size(); ++id) {
    if (interfaces[id] == name) return static_cast<std::uint16_t>(id);
  }
  if (name.empty() || interfaces.size() > 0xffff) return 0;
  const auto id = static_cast<std::uint16_t>(interfaces.size());
  interfaces.emplace_back(name);
  for (auto& classifier : impl_->raw) classifier.bind_interface(id, name);
  for (auto& matcher : impl_->timeout_rules) matcher.bind_interface(id, name);
  return id;
}

Engine::SubscriptionId Engine::subscribe(std::function<void(const FlowEvent&)> on_event) {
  const SubscriptionId id = impl_->next_subscription++;
  impl_->subscribers.emplace_back(id, std::move(on_event));
  return id;
}

void Engine::unsubscribe(SubscriptionId id) {
  std::erase_if(impl_->subscribers, [id](const auto& subscriber) { return subscriber.first == id; });
}

}  // namespace ctsh::engine
