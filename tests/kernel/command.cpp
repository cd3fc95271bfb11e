// run_command: posix_spawnp with pipes for stdin and stdout/stderr, polled until a deadline.
#include "command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>

extern char** environ;

namespace ctsh::kerneltest {

namespace {

struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) == 0) {
      read_end = fds[0];
      write_end = fds[1];
    }
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void close_read() {
    if (read_end >= 0) close(read_end);
    read_end = -1;
  }
  void close_write() {
    if (write_end >= 0) close(write_end);
    write_end = -1;
  }
};

// Writes what stdin still has to take and reads what the child printed, until both ends are closed.
void exchange(Pipe& in, Pipe& out, const std::string& input, std::chrono::steady_clock::time_point deadline,
              std::string& output) {
  std::size_t written = 0;
  if (input.empty()) in.close_write();
  while (out.read_end >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return;
    std::array<pollfd, 2> fds{pollfd{out.read_end, POLLIN, 0}, pollfd{in.write_end, POLLOUT, 0}};
    const nfds_t count = in.write_end >= 0 ? 2 : 1;
    if (poll(fds.data(), count, static_cast<int>(left.count())) < 0) return;
    if (count == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t n = write(in.write_end, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 || written == input.size()) in.close_write();
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      std::array<char, 4096> buffer;
      const ssize_t n = read(out.read_end, buffer.data(), buffer.size());
      if (n <= 0) {
        out.close_read();
      } else {
        output.append(buffer.data(), static_cast<std::size_t>(n));
      }
    }
  }
}

}  // namespace

std::string describe(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& word : argv) {
    if (!line.empty()) line += ' ';
    line += word.find(' ') == std::string::npos ? word : "'" + word + "'";
  }
  return line;
}

CommandResult run_command(const std::vector<std::string>& argv, const std::string& input,
                          std::chrono::milliseconds limit) {
  CommandResult result;
  Pipe in;
  Pipe out;
  if (argv.empty() || in.read_end < 0 || out.read_end < 0) return result;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.read_end, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.write_end, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.write_end, STDERR_FILENO);
  std::vector<char*> args;
  for (const auto& word : argv) args.push_back(const_cast<char*>(word.c_str()));
  args.push_back(nullptr);
  pid_t child = -1;
  const int spawned = posix_spawnp(&child, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  in.close_read();
  out.close_write();
  if (spawned != 0) {
    result.output = describe(argv).append(": cannot start");
    return result;
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  exchange(in, out, input, deadline, result.output);
  int status = 0;
  pid_t reaped = 0;
  while ((reaped = waitpid(child, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline) {
    usleep(2000);
  }
  if (reaped == 0) {
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    result.output.append("\n").append(describe(argv)).append(": killed after its time limit");
    return result;
  }
  if (reaped == child && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace ctsh::kerneltest
