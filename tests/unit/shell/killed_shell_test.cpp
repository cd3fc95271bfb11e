// SIGKILL at random moments during commit and save: the config directory always loads afterwards, holds
// either the old or the new revision, and the next commit is not blocked.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

namespace fs = std::filesystem;

namespace {

struct Result {
  int status = -1;
  std::string output;
};

Result run_ctsh(const fs::path& dir, const std::string& script) {
  const std::string command = std::string("'") + CTSH_BINARY + "' --config-dir '" + dir.string() + "' -c '" + script + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  Result result;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) result.output.append(buffer.data(), n);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

pid_t spawn_ctsh(const fs::path& dir, const std::string& script) {
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
    execl(CTSH_BINARY, "ctsh", "--config-dir", dir.c_str(), "-c", script.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

std::string table_size_line(int size) { return "set system conntrack table-size '" + std::to_string(size) + "'\n"; }

}  // namespace

TEST_CASE("a shell killed at random moments during commit and save never leaves a broken config directory") {
  const fs::path dir = fs::temp_directory_path() / ("ctsh-killed-shell-" + std::to_string(getpid()));
  fs::remove_all(dir);
  REQUIRE(run_ctsh(dir, "configure; set system conntrack table-size 1000; commit; save").status == 0);

  std::mt19937 random(20261122);
  std::uniform_int_distribution<int> delay_us(0, 12000);
  int committed = 1000;
  int saw_old = 0, saw_new = 0;
  constexpr int kRounds = 200;
  for (int round = 0; round < kRounds; ++round) {
    const int candidate = 2000 + round;
    pid_t pid = spawn_ctsh(dir, "configure; set system conntrack table-size " + std::to_string(candidate) +
                                    "; commit; save");
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);

    // The directory loads, and holds the old or the new revision.
    Result shown = run_ctsh(dir, "show configuration commands");
    INFO("round " << round << ": " << shown.output);
    REQUIRE(shown.status == 0);
    const bool is_new = shown.output == table_size_line(candidate);
    REQUIRE((is_new || shown.output == table_size_line(committed)));
    if (is_new) {
      committed = candidate;
      ++saw_new;
    } else {
      ++saw_old;
    }
    // The archive's newest revision is the running configuration; config.boot is whole.
    Result compared = run_ctsh(dir, "configure; compare 0; compare saved");
    REQUIRE(compared.status == 0);
    CHECK(compared.output.starts_with("No changes between working and revision 0 configurations.\n"));
    CHECK(compared.output.find("Commit failed") == std::string::npos);
  }
  // The lock died with the killed processes: the next commit goes through.
  REQUIRE(run_ctsh(dir, "configure; set system conntrack table-size 9999; commit").status == 0);
  CHECK(run_ctsh(dir, "show configuration commands").output == table_size_line(9999));
  MESSAGE("killed before the commit point: " << saw_old << ", after: " << saw_new);
  CHECK(saw_old + saw_new == kRounds);
  fs::remove_all(dir);
}
