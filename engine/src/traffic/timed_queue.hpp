// TimedQueue: the workloads' pending events, earliest first (a binary heap of time and id; equal times
// come out by id, so that the order is the same on every run).
//
//   TimedQueue queue;
//   queue.push(5'000'000, 7);
//   while (!queue.empty()) { auto [time, id] = queue.pop(); ... }
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace ctsh::engine {

struct TimedEvent {
  std::uint64_t time_ns = 0;
  std::uint32_t id = 0;
  auto operator<=>(const TimedEvent&) const = default;
};

class TimedQueue {
 public:
  void reserve(std::size_t count) {
    std::vector<TimedEvent> storage;
    storage.reserve(count);
    heap_ = Heap(std::greater<TimedEvent>{}, std::move(storage));
  }
  void push(std::uint64_t time_ns, std::uint32_t id) { heap_.push({time_ns, id}); }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const TimedEvent& top() const { return heap_.top(); }
  TimedEvent pop() {
    const TimedEvent event = heap_.top();
    heap_.pop();
    return event;
  }

 private:
  using Heap = std::priority_queue<TimedEvent, std::vector<TimedEvent>, std::greater<TimedEvent>>;
  Heap heap_;
};

}  // namespace ctsh::engine
