// The gateway workload: users 10.0.0.1, 10.0.0.2, ... each with `connections_per_user` connection slots
// that start within the first second and then run connections back to back (gateway_steps.cpp). The
// slots wait in one queue by the time of their next packet, so frames come out in time order and the
// memory is a few dozen bytes per slot, whatever the duration.
#include <algorithm>
#include <vector>

#include "traffic/address_plan.hpp"
#include "traffic/gateway_connection.hpp"
#include "traffic/random_stream.hpp"
#include "traffic/timed_queue.hpp"
#include "traffic/workload_source.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint64_t start_window_ns = workload_second_ns;  // every slot opens its first connection in it

class GatewaySource final : public WorkloadSource {
 public:
  explicit GatewaySource(const GatewayWorkload& spec)
      : duration_ns_(spec.duration_ns),
        connections_per_user_(spec.connections_per_user),
        slots_(std::size_t{spec.users} * spec.connections_per_user),
        port_sequences_(spec.users) {
    for (std::uint32_t user = 0; user < spec.users; ++user) {
      port_sequences_[user] = static_cast<std::uint16_t>(stream_seed(spec.seed, gateway_port_streams + user) % ephemeral_count);
    }
    queue_.reserve(slots_.size());
    const std::uint64_t start_window = std::min(start_window_ns, duration_ns_);
    for (std::uint32_t index = 0; index < slots_.size(); ++index) {
      slots_[index].random = stream_seed(spec.seed, gateway_slot_streams + index);
      RandomStream random(slots_[index].random);
      queue_.push(random.below(start_window), index);
    }
  }

  void fill(FrameWriter& out, std::size_t count) override {
    while (out.size() < count && !queue_.empty()) {
      const TimedEvent event = queue_.pop();
      const auto user = static_cast<std::uint32_t>(event.id / connections_per_user_);
      const SlotContext context{first_client_address + user, port_sequences_[user]};
      const std::uint64_t next = step_connection(slots_[event.id], context, event.time_ns, out);
      if (next < duration_ns_) queue_.push(next, event.id);
    }
  }

 private:
  std::uint64_t duration_ns_;
  std::uint64_t connections_per_user_;
  std::vector<ConnectionSlot> slots_;
  std::vector<std::uint16_t> port_sequences_;  // by user
  TimedQueue queue_;
};

}  // namespace

std::unique_ptr<WorkloadSource> make_gateway_source(const GatewayWorkload& spec) {
  return std::make_unique<GatewaySource>(spec);
}

}  // namespace ctsh::engine
