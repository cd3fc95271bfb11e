// `monitor conntrack -- simulate pcap FILE` streams: its first events reach standard output while the
// replay is still running, not when the command ends. Proof without timing: the events fill a pipe
// nobody reads yet, so the replay cannot finish (and save the engine's snapshot) before the reader
// takes more; when the first line arrives the snapshot must not exist yet.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ctsh/engine/packet_builder.hpp"

namespace fs = std::filesystem;
using namespace ctsh::engine;

namespace {

constexpr int flows = 3000;  // ~450 KB of NEW lines: far more than the pipe holds

// A classic pcap (microseconds, Ethernet) with one UDP packet per flow, 1 ms apart.
void write_capture(const fs::path& file) {
  std::ofstream out(file, std::ios::binary);
  const auto put32 = [&](std::uint32_t v) { out.write(reinterpret_cast<const char*>(&v), 4); };
  const auto put16 = [&](std::uint16_t v) { out.write(reinterpret_cast<const char*>(&v), 2); };
  put32(0xa1b2c3d4);
  put16(2);
  put16(4);
  put32(0);
  put32(0);
  put32(65535);
  put32(1);
  for (int i = 0; i < flows; ++i) {
    PacketSpec spec;
    spec.src = parse_ip("10.0.0.1").value();
    spec.dst = parse_ip("10.0.0.2").value();
    spec.protocol = 17;
    spec.sport = static_cast<std::uint16_t>(10000 + i);
    spec.dport = 53;
    const std::vector<std::uint8_t> frame = build_frame(spec);
    put32(1'700'000'000);
    put32(static_cast<std::uint32_t>(i * 1000));
    put32(static_cast<std::uint32_t>(frame.size()));
    put32(static_cast<std::uint32_t>(frame.size()));
    out.write(reinterpret_cast<const char*>(frame.data()), static_cast<std::streamsize>(frame.size()));
  }
}

}  // namespace

TEST_CASE("monitor conntrack -- simulate pcap prints its events while the replay runs") {
  const fs::path dir = fs::temp_directory_path() / ("ctsh-monitor-stream-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path capture = dir / "flows.pcap";
  write_capture(capture);
  const fs::path config = dir / "config";
  const fs::path snapshot = config / "engine" / "snapshot";

  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  fcntl(pipe_fds[0], F_SETPIPE_SZ, 65536);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDERR_FILENO);
    close(pipe_fds[0]);
    execl(CTSH_BINARY, "ctsh", "--config-dir", config.c_str(), "monitor", "conntrack", "events", "new", "--",
          "simulate", "pcap", capture.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(pipe_fds[1]);

  std::string output;
  char buffer[4096];
  while (output.find('\n') == std::string::npos) {
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    REQUIRE(n > 0);
    output.append(buffer, static_cast<std::size_t>(n));
  }
  CHECK(output.find("[NEW] udp") != std::string::npos);
  CHECK_FALSE(fs::exists(snapshot));  // the replay has not finished: its events stream

  while (true) {
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    output.append(buffer, static_cast<std::size_t>(n));
  }
  close(pipe_fds[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(fs::exists(snapshot));
  std::size_t events = 0;
  for (std::size_t at = output.find("[NEW]"); at != std::string::npos; at = output.find("[NEW]", at + 1)) ++events;
  CHECK(events == flows);
  fs::remove_all(dir);
}
