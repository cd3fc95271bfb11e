// engine_fuzz [FILE]: runs one fuzz input (FILE, else stdin; format in fuzz_input.hpp) through the
// engine's packet path, then idle time, the views, a delete and a snapshot round trip, and aborts when
// an invariant breaks. Built with afl-g++ and ASan+UBSan by scripts/fuzz.sh; any crash is a finding.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

#include "ctsh/engine/engine.hpp"
#include "ctsh/engine/snapshot.hpp"
#include "fuzz_input.hpp"

using namespace ctsh::engine;

namespace {

void require(bool holds, const char* invariant) {
  if (holds) return;
  std::fprintf(stderr, "engine_fuzz: invariant broken: %s\n", invariant);
  std::abort();
}

std::vector<std::uint8_t> read_input(int argc, char** argv) {
  if (argc > 1) {
    std::ifstream in(argv[1], std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
}

using FlowKey = std::tuple<std::uint32_t, std::uint8_t, std::string, std::uint32_t, std::uint16_t>;

std::vector<FlowKey> table_of(const Engine& engine) {
  std::vector<FlowKey> flows;
  engine.for_each({}, [&](const FlowView& flow) {
    require(flow.original.src.family == flow.family && flow.reply.src.family == flow.family, "flow families agree");
    flows.emplace_back(flow.id, flow.protocol, std::string(flow.state), flow.timeout_seconds, flow.status);
  });
  return flows;
}

void process(Engine& engine, std::span<const Frame> frames) {
  std::vector<PacketVerdict> verdicts(frames.size());
  engine.process(frames, verdicts);
  for (const PacketVerdict& verdict : verdicts) {
    require(static_cast<std::size_t>(verdict.state) < ct_state_count, "verdict state in range");
  }
  const EngineStats stats = engine.stats();
  require(stats.entries <= engine.config().table_size, "entries within table-size");
}

// A scratch directory for the snapshot, removed on exit.
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    const std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    std::string pattern = (base / "ctsh-fuzz-XXXXXX").string();
    require(::mkdtemp(pattern.data()) != nullptr, "scratch directory created");
    path = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::uint8_t> input = read_input(argc, argv);
  const fuzz::FuzzCase fuzz_case = fuzz::decode_fuzz_input(input);
  Engine engine(fuzz_case.config, fuzz_case.options);
  require(engine.interface_id("eth1") == 1, "eth1 is interface 1");

  const std::span<const Frame> frames(fuzz_case.frames);
  const std::size_t half = frames.size() / 2;
  process(engine, frames.first(half));
  if (!input.empty() && input.size() > 1 && (input[1] & fuzz::setting_grow_midway)) {
    ConntrackConfig grown = fuzz_case.config;
    grown.table_size *= 4;
    grown.hash_size *= 2;
    require(engine.apply(grown).has_value(), "a larger table applies");
  }
  process(engine, frames.subspan(half));

  engine.advance(45'000'000'000);
  const std::vector<FlowKey> before = table_of(engine);
  require(before.size() <= engine.stats().entries, "the view shows no more flows than there are");

  ScratchDir dir;
  const std::filesystem::path snapshot = dir.path / "engine.snapshot";
  require(save_snapshot(engine, snapshot).has_value(), "snapshot saves");
  Engine restored(engine.config(), fuzz_case.options);
  require(load_snapshot(restored, snapshot).has_value(), "snapshot loads");
  require(table_of(restored) == before, "a restored snapshot shows the same table");

  FlowFilter tcp;
  tcp.protocol = 6;
  std::size_t tcp_flows = 0;
  engine.for_each(tcp, [&](const FlowView&) { ++tcp_flows; });
  require(engine.erase(tcp) == tcp_flows, "erase removes the flows the view shows");
  std::size_t left = 0;
  engine.for_each(tcp, [&](const FlowView&) { ++left; });
  require(left == 0, "erased flows are gone");

  process(restored, frames);
  engine.clear();
  require(table_of(engine).empty(), "clear empties the table");
  return 0;
}
