// ReservedArray<T>: an array of trivially copyable T whose whole capacity is reserved as virtual memory
// up front (mmap, no swap reservation) and only costs memory for the pages the engine touches. Growing
// it moves the contents to a larger reservation (done at commit, never on the packet path).
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <expected>
#include <string>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

namespace ctsh::engine {

template <typename T>
class ReservedArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  ReservedArray() = default;
  ~ReservedArray() { release(); }
  ReservedArray(const ReservedArray&) = delete;
  ReservedArray& operator=(const ReservedArray&) = delete;
  ReservedArray(ReservedArray&& other) noexcept { swap(other); }
  ReservedArray& operator=(ReservedArray&& other) noexcept {
    if (this != &other) {
      release();
      swap(other);
    }
    return *this;
  }

  // A zero-filled reservation of `capacity` elements.
  static std::expected<ReservedArray, std::string> reserve(std::size_t capacity) {
    ReservedArray array;
    if (capacity == 0) return array;
    const std::size_t bytes = capacity * sizeof(T);
    void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (memory == MAP_FAILED) {
      return std::unexpected(fmt::format("cannot reserve {} MiB of memory for {} entries", bytes >> 20, capacity));
    }
    // Transparent huge pages where the kernel has them: a million entries then take ~60 TLB entries
    // instead of ~28,000 4 KiB pages (random lookups miss the TLB far less, first touches fault less).
    madvise(memory, bytes, MADV_HUGEPAGE);
    array.data_ = static_cast<T*>(memory);
    array.capacity_ = capacity;
    return array;
  }

  // A larger reservation holding a copy of the first `used` elements.
  std::expected<ReservedArray, std::string> grown(std::size_t capacity, std::size_t used) const {
    auto bigger = reserve(capacity);
    if (bigger && used > 0) std::memcpy(static_cast<void*>(bigger->data_), data_, used * sizeof(T));
    return bigger;
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  std::size_t capacity() const { return capacity_; }

  // Bytes of pages that hold the first `used` elements.
  static std::uint64_t touched_bytes(std::size_t used) {
    constexpr std::uint64_t page = 4096;
    return (used * sizeof(T) + page - 1) / page * page;
  }

 private:
  void release() {
    if (data_) munmap(data_, capacity_ * sizeof(T));
    data_ = nullptr;
    capacity_ = 0;
  }
  void swap(ReservedArray& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(capacity_, other.capacity_);
  }

  T* data_ = nullptr;
  std::size_t capacity_ = 0;
};

}  // namespace ctsh::engine
