// save_snapshot / load_snapshot: the engine's whole state to a versioned, checksummed file and back.
// Loading validates everything before it touches the engine, so a refused file changes nothing.
#include "ctsh/engine/snapshot.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/engine_impl.hpp"
#include "snapshot/snapshot_format.hpp"

namespace ctsh::engine {
namespace {

constexpr std::uint32_t max_snapshot_entries = 100'000'000;
constexpr std::size_t max_interface_name = 256;
constexpr std::uint8_t max_tcp_state = 9;

struct SnapshotHeader {
  char magic[8];
  std::uint32_t version;
  std::uint32_t byte_order;
  std::uint32_t entry_size;
  std::uint32_t expectation_size;
  std::uint32_t stats_size;
  std::uint32_t reserved;
};

SnapshotHeader current_header() {
  SnapshotHeader h{};
  std::memcpy(h.magic, snapshot_magic, sizeof h.magic);
  h.version = snapshot_version;
  h.byte_order = snapshot_byte_order_mark;
  h.entry_size = sizeof(Entry) + sizeof(EntryState) + sizeof(EntryRecord);
  h.expectation_size = sizeof(Expectation);
  h.stats_size = sizeof(EngineStats);
  return h;
}

std::expected<void, std::string> write_atomically(const std::filesystem::path& file, const std::string& bytes) {
  const std::filesystem::path temporary = file.string() + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return std::unexpected(fmt::format("cannot write {}: {}", temporary.string(), std::strerror(errno)));
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      ::unlink(temporary.c_str());
      return std::unexpected(fmt::format("cannot write {}: {}", temporary.string(), std::strerror(error)));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temporary.c_str());
    return std::unexpected(fmt::format("cannot write {}: {}", temporary.string(), std::strerror(errno)));
  }
  if (::rename(temporary.c_str(), file.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return std::unexpected(fmt::format("cannot replace {}: {}", file.string(), std::strerror(errno)));
  }
  const std::filesystem::path directory = file.has_parent_path() ? file.parent_path() : ".";
  if (const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return {};
}

// Everything read from a file, checked, before any of it reaches the engine.
struct LoadedState {
  std::uint8_t clock_started = 0;
  std::uint64_t clock_ns = 0, epoch_ns = 0, wheel_time = 0;
  std::uint32_t flows_created = 0, next_expectation_id = 0;
  EngineStats counters;
  std::vector<std::string> interfaces;
  std::vector<std::uint32_t> rule_numbers_ipv4, rule_numbers_ipv6;
  std::uint32_t entry_count = 0;
  const Entry* entries = nullptr;
  // The parts an entry's type aligns to a cache line sit anywhere in the file: kept as bytes, read
  // through memcpy.
  const std::uint8_t* states = nullptr;
  const std::uint8_t* records = nullptr;
  const Ipv6Addresses* ipv6 = nullptr;
  const FlowCounters* flow_counters = nullptr;
  const std::uint32_t* marks = nullptr;
  std::vector<Expectation> expectations;
  std::vector<std::pair<std::uint32_t, FtpLines>> ftp_lines;  // by flow index
};

std::expected<LoadedState, std::string> parse(std::string_view bytes) {
  const auto damaged = [](std::string_view what) { return std::unexpected(fmt::format("damaged snapshot: {}", what)); };
  if (bytes.size() < sizeof(SnapshotHeader) + sizeof(std::uint64_t)) return damaged("file too short");
  SnapshotHeader header;
  std::memcpy(&header, bytes.data(), sizeof header);
  if (std::memcmp(header.magic, snapshot_magic, sizeof header.magic) != 0) {
    return std::unexpected(std::string("not a ctsh engine snapshot"));
  }
  const SnapshotHeader expected = current_header();
  if (header.version != expected.version) {
    return std::unexpected(fmt::format("snapshot format version {} is not supported (this ctsh writes {})",
                                       header.version, expected.version));
  }
  if (header.byte_order != expected.byte_order || header.entry_size != expected.entry_size ||
      header.expectation_size != expected.expectation_size || header.stats_size != expected.stats_size) {
    return std::unexpected(std::string("snapshot written by a different build or machine"));
  }
  const std::string_view body = bytes.substr(0, bytes.size() - sizeof(std::uint64_t));
  std::uint64_t checksum;
  std::memcpy(&checksum, bytes.data() + body.size(), sizeof checksum);
  if (checksum != snapshot_checksum(body)) return damaged("checksum mismatch");

  SnapshotReader in(body.substr(sizeof header));
  LoadedState s;
  std::uint32_t interface_count = 0, rules4 = 0, rules6 = 0, expectation_count = 0;
  std::uint8_t has_ipv6 = 0, has_counters = 0, has_marks = 0;
  if (!in.get(s.clock_started) || !in.get(s.clock_ns) || !in.get(s.epoch_ns) || !in.get(s.wheel_time) ||
      !in.get(s.flows_created) || !in.get(s.next_expectation_id) || !in.get(s.counters) || !in.get(interface_count)) {
    return damaged("truncated header fields");
  }
  if (interface_count > 0xffff) return damaged("too many interfaces");
  for (std::uint32_t i = 0; i < interface_count; ++i) {
    if (!in.get_string(s.interfaces.emplace_back(), max_interface_name)) return damaged("bad interface name");
  }
  if (!in.get(rules4) || !in.get(rules6) || rules4 > 0xffff || rules6 > 0xffff) return damaged("bad rule list");
  s.rule_numbers_ipv4.resize(rules4);
  s.rule_numbers_ipv6.resize(rules6);
  for (auto& number : s.rule_numbers_ipv4) if (!in.get(number)) return damaged("truncated rule list");
  for (auto& number : s.rule_numbers_ipv6) if (!in.get(number)) return damaged("truncated rule list");
  if (!in.get(s.entry_count) || !in.get(has_ipv6) || !in.get(has_counters) || !in.get(has_marks)) {
    return damaged("truncated table header");
  }
  if (s.entry_count > max_snapshot_entries) return damaged("entry count out of range");
  s.entries = reinterpret_cast<const Entry*>(in.take(std::size_t{s.entry_count} * sizeof(Entry)));
  if (!s.entries && s.entry_count) return damaged("truncated entries");
  s.states = reinterpret_cast<const std::uint8_t*>(in.take(std::size_t{s.entry_count} * sizeof(EntryState)));
  if (!s.states && s.entry_count) return damaged("truncated entries");
  s.records = reinterpret_cast<const std::uint8_t*>(in.take(std::size_t{s.entry_count} * sizeof(EntryRecord)));
  if (!s.records && s.entry_count) return damaged("truncated entries");
  if (has_ipv6) {
    s.ipv6 = reinterpret_cast<const Ipv6Addresses*>(in.take(std::size_t{s.entry_count} * sizeof(Ipv6Addresses)));
    if (!s.ipv6 && s.entry_count) return damaged("truncated IPv6 addresses");
  }
  if (has_counters) {
    s.flow_counters = reinterpret_cast<const FlowCounters*>(in.take(std::size_t{s.entry_count} * 2 * sizeof(FlowCounters)));
    if (!s.flow_counters && s.entry_count) return damaged("truncated flow counters");
  }
  if (has_marks) {
    s.marks = reinterpret_cast<const std::uint32_t*>(in.take(std::size_t{s.entry_count} * sizeof(std::uint32_t)));
    if (!s.marks && s.entry_count) return damaged("truncated marks");
  }
  if (!in.get(expectation_count) || expectation_count > max_snapshot_entries) return damaged("bad expectation count");
  s.expectations.resize(expectation_count);
  for (auto& e : s.expectations) if (!in.get(e)) return damaged("truncated expectations");
  std::uint32_t ftp_count = 0;
  if (!in.get(ftp_count) || ftp_count > s.entry_count) return damaged("bad FTP helper state count");
  s.ftp_lines.resize(ftp_count);
  for (auto& [index, lines] : s.ftp_lines) {
    if (!in.get(index) || !in.get(lines)) return damaged("truncated FTP helper state");
  }
  if (!in.at_end()) return damaged("trailing bytes");

  for (std::uint32_t index = 0; index < s.entry_count; ++index) {
    Entry e;
    std::memcpy(static_cast<void*>(&e), &s.entries[index], sizeof e);
    if (!(e.flags & entry_live)) continue;
    EntryState state;
    std::memcpy(static_cast<void*>(&state), s.states + std::size_t{index} * sizeof state, sizeof state);
    if (((e.flags & entry_ipv6) && !s.ipv6) || ((e.flags & entry_helper_mask) >> entry_helper_shift) > 2 ||
        (e.protocol == 6 && state.proto.tcp.state > max_tcp_state) || state.policy > rules4 + rules6) {
      return damaged(fmt::format("entry {} is inconsistent", index));
    }
  }
  // Entries sit unaligned in the file's bytes: read their flags through memcpy.
  const auto flags_of = [&](std::uint32_t index) {
    Entry entry;
    std::memcpy(static_cast<void*>(&entry), &s.entries[index], sizeof entry);
    return entry.flags;
  };
  for (const Expectation& e : s.expectations) {
    if (e.master >= s.entry_count || !(flags_of(e.master) & entry_live) ||
        static_cast<std::uint8_t>(e.helper) > 2) {
      return damaged("an expectation names no live master");
    }
  }
  for (const auto& [index, lines] : s.ftp_lines) {
    if (index >= s.entry_count || !(flags_of(index) & entry_live) ||
        ((flags_of(index) & entry_helper_mask) >> entry_helper_shift) != static_cast<int>(HelperKind::ftp) ||
        lines.count[0] > 2 || lines.count[1] > 2) {
      return damaged("FTP helper state names no FTP flow");
    }
  }
  return s;
}

// A snapshot file mapped read-only for parsing: the page cache is read in place, where a copy into a
// buffer first zeroed, then filled, as many bytes again.
class MappedFile {
 public:
  static std::expected<MappedFile, std::string> open(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::unexpected(fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
      const int error = errno;
      ::close(fd);
      return std::unexpected(fmt::format("cannot read {}: {}", file.string(), std::strerror(error)));
    }
    MappedFile mapped;
    mapped.size_ = static_cast<std::size_t>(info.st_size);
    if (mapped.size_ > 0) {
      void* memory = ::mmap(nullptr, mapped.size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (memory == MAP_FAILED) {
        const int error = errno;
        ::close(fd);
        return std::unexpected(fmt::format("cannot read {}: {}", file.string(), std::strerror(error)));
      }
      mapped.data_ = static_cast<const char*>(memory);
    }
    ::close(fd);
    return mapped;
  }
  MappedFile(MappedFile&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  MappedFile& operator=(MappedFile&&) = delete;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  std::string_view bytes() const { return {data_ ? data_ : "", size_}; }

 private:
  MappedFile() = default;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace

std::expected<void, std::string> save_snapshot(const Engine& engine, const std::filesystem::path& file) {
  const Engine::Impl& impl = engine.impl();
  SnapshotWriter out;
  out.put(current_header());
  out.put(static_cast<std::uint8_t>(impl.clock_started));
  out.put(impl.clock_ns);
  out.put(impl.epoch_ns);
  out.put(impl.table.wheel().time());
  out.put(impl.flows_created);
  out.put(impl.next_expectation_id);
  out.put(impl.counters);
  out.put(static_cast<std::uint32_t>(impl.interfaces.size()));
  for (const std::string& name : impl.interfaces) out.put_string(name);
  out.put(static_cast<std::uint32_t>(impl.config.custom_timeouts_ipv4.size()));
  out.put(static_cast<std::uint32_t>(impl.config.custom_timeouts_ipv6.size()));
  for (const auto* rules : {&impl.config.custom_timeouts_ipv4, &impl.config.custom_timeouts_ipv6}) {
    for (const CustomTimeoutRule& rule : *rules) out.put(rule.number);
  }
  const std::uint32_t count = impl.table.high_water();
  out.put(count);
  out.put(static_cast<std::uint8_t>(impl.table.any_ipv6()));
  out.put(static_cast<std::uint8_t>(impl.table.accounting()));
  out.put(static_cast<std::uint8_t>(impl.table.any_mark()));
  if (count > 0) {
    out.put_bytes(&impl.table.entry(0), std::size_t{count} * sizeof(Entry));
    out.put_bytes(&impl.table.state(0), std::size_t{count} * sizeof(EntryState));
    out.put_bytes(&impl.table.record(0), std::size_t{count} * sizeof(EntryRecord));
    if (impl.table.any_ipv6()) out.put_bytes(&impl.table.ipv6(0), std::size_t{count} * sizeof(Ipv6Addresses));
    if (impl.table.accounting()) out.put_bytes(impl.table.counters(0), std::size_t{count} * 2 * sizeof(FlowCounters));
    if (impl.table.any_mark()) out.put_bytes(impl.table.marks(), std::size_t{count} * sizeof(std::uint32_t));
  }
  out.put(static_cast<std::uint32_t>(impl.expectations.size()));
  impl.expectations.for_each([&](const Expectation& e) { out.put(e); });
  std::vector<std::pair<std::uint32_t, FtpLines>> ftp_lines(impl.helpers.ftp_lines().begin(),
                                                             impl.helpers.ftp_lines().end());
  std::sort(ftp_lines.begin(), ftp_lines.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  out.put(static_cast<std::uint32_t>(ftp_lines.size()));
  for (const auto& [index, lines] : ftp_lines) {
    out.put(index);
    out.put(lines);
  }
  if (auto written = write_atomically(file, out.finish()); !written) return written;
  return {};
}

std::expected<void, std::string> load_snapshot(Engine& engine, const std::filesystem::path& file) {
  auto mapped = MappedFile::open(file);
  if (!mapped) return std::unexpected(mapped.error());
  auto loaded = parse(mapped->bytes());
  if (!loaded) return std::unexpected(fmt::format("{}: {}", file.string(), loaded.error()));

  Engine::Impl& impl = engine.impl();
  const std::uint32_t capacity = std::max(impl.config.table_size, loaded->entry_count);
  if (auto sized = impl.table.configure(capacity, impl.config.hash_size, impl.config.flow_accounting); !sized) {
    return std::unexpected(sized.error());
  }
  // Custom timeout rules are referred to by number: map the saved policy indices onto this configuration.
  const auto remap = [&](std::uint16_t policy) -> std::uint16_t {
    if (policy == 0) return 0;
    const bool ipv6 = policy > loaded->rule_numbers_ipv4.size();
    const std::uint32_t number = ipv6 ? loaded->rule_numbers_ipv6[policy - 1 - loaded->rule_numbers_ipv4.size()]
                                      : loaded->rule_numbers_ipv4[policy - 1u];
    const auto& rules = ipv6 ? impl.config.custom_timeouts_ipv6 : impl.config.custom_timeouts_ipv4;
    const std::size_t base = ipv6 ? 1 + impl.config.custom_timeouts_ipv4.size() : 1;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (rules[i].number == number) return static_cast<std::uint16_t>(base + i);
    }
    return 0;
  };
  impl.table.restore(loaded->entries, loaded->states, loaded->records, loaded->entry_count, loaded->ipv6, loaded->flow_counters,
                     loaded->marks, loaded->wheel_time);
  for (std::uint32_t index = 0; index < loaded->entry_count; ++index) {
    EntryState& state = impl.table.state(index);
    if (impl.table.entry(index).flags & entry_live) state.policy = remap(state.policy);
  }
  impl.clock_started = loaded->clock_started != 0;
  impl.set_clock(loaded->clock_ns, loaded->epoch_ns);
  impl.flows_created = loaded->flows_created;
  impl.next_expectation_id = loaded->next_expectation_id;
  impl.counters = loaded->counters;
  impl.interfaces = std::move(loaded->interfaces);
  if (impl.interfaces.empty()) impl.interfaces.emplace_back();
  impl.build_policies();
  impl.expectations.clear();
  impl.helpers.clear();
  KernelCounters ignored;
  for (const Expectation& e : loaded->expectations) impl.expectations.add(e, 0xffffffffu, ignored);
  for (const auto& [index, lines] : loaded->ftp_lines) impl.helpers.restore_ftp_lines(index, lines);
  return {};
}

}  // namespace ctsh::engine
