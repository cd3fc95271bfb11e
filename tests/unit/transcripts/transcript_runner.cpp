// Runs the shell's transcript tests (tests/transcripts/*.t): scripted sessions with their exact output.
//
// Format (as cram): `$ command` runs in bash, `> line` continues it (for here-documents), and the
// indented lines after it are the expected output (stdout and stderr together), then `[N]` when the exit
// status is not 0. Lines starting with `#` are comments. Trailing blank lines of an output are ignored.
// Each file runs in a fresh directory with CTSH_CONFIG_DIR, USER=tester, TZ=UTC, host name vyos
// (CTSH_TEST_HOSTNAME), a fixed commit-log time (CTSH_TEST_TIME) and simulate runs reporting 0.5 s of
// wall time (CTSH_TEST_WALL_TIME, so that their summaries do not vary); its path prints as $TESTDIR; the
// test tools (tests/tools: sample_capture, workload_capture) are on its PATH, and examples/ links to the
// repository's. The README's tour (its blocks marked `<!-- transcript: tour -->`) runs the same way.
// With CTSH_TRANSCRIPT_UPDATE=1 the actual output is written to FILE.t.actual (README.md.actual).
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Step {
  std::vector<std::string> comments;  // the `#` lines before it, kept when updating
  std::string command;
  std::vector<std::string> expected;  // output lines, then "[N]" for a non-zero status
  int line = 0;
};

std::vector<std::string> read_lines(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void drop_trailing_blank_output(std::vector<std::string>& lines) {
  // Blank lines before an exit-status line and at the end do not count.
  std::string status;
  if (!lines.empty() && lines.back().size() > 2 && lines.back().front() == '[' && lines.back().back() == ']') {
    status = lines.back();
    lines.pop_back();
  }
  while (!lines.empty() && lines.back().find_first_not_of(' ') == std::string::npos) lines.pop_back();
  if (!status.empty()) lines.push_back(status);
}

std::vector<Step> parse_transcript(const fs::path& file, const std::vector<std::string>& lines) {
  std::vector<Step> steps;
  std::vector<std::string> comments;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.starts_with("$ ")) {
      steps.push_back({std::move(comments), line.substr(2), {}, static_cast<int>(i + 1)});
      comments.clear();
    } else if (line.starts_with("> ") && !steps.empty() && steps.back().expected.empty()) {
      steps.back().command += "\n" + line.substr(2);
    } else if (!steps.empty() && (line.starts_with("  ") || line.empty())) {
      steps.back().expected.push_back(line.empty() ? "" : line.substr(2));
    } else if (line.starts_with("#")) {
      comments.push_back(line);
    } else if (!line.empty()) {
      FAIL_CHECK(file.filename().string() << ":" << i + 1 << ": unexpected line (indent output by two spaces): " << line);
    }
  }
  for (auto& step : steps) drop_trailing_blank_output(step.expected);
  return steps;
}

// Runs one command with bash in `dir`; returns its output lines with "[N]" appended for a failure.
std::vector<std::string> run_step(const std::string& command, const fs::path& dir) {
  const std::string script_path = (dir / ".step.sh").string();
  {
    std::ofstream script(script_path);
    script << "cd '" << dir.string() << "' || exit 99\n" << command << "\n";
  }
  const std::string shell_line = "timeout 60 bash '" + script_path + "' 2>&1";
  FILE* pipe = popen(shell_line.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  int status = pclose(pipe);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  // As in cram, the test's own directory prints as $TESTDIR.
  for (std::size_t at = output.find(dir.string()); at != std::string::npos; at = output.find(dir.string(), at)) {
    output.replace(at, dir.string().size(), "$TESTDIR");
  }
  std::vector<std::string> lines;
  std::istringstream stream(output);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  if (code != 0) lines.push_back("[" + std::to_string(code) + "]");
  drop_trailing_blank_output(lines);
  return lines;
}

std::string as_block(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += (line.empty() ? "" : "  " + line) + "\n";
  return text;
}

// The README's tour: every fenced block that follows a `<!-- transcript: tour -->` line, in order.
std::vector<std::string> readme_tour_lines(const fs::path& readme) {
  std::vector<std::string> tour;
  const auto lines = read_lines(readme);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i] != "<!-- transcript: tour -->" || !lines[i + 1].starts_with("```")) continue;
    for (i += 2; i < lines.size() && !lines[i].starts_with("```"); ++i) tour.push_back(lines[i]);
    tour.emplace_back();
  }
  return tour;
}

// Runs `lines` as a transcript in a fresh directory (holding a link to the repository's examples/).
void run_transcript(const fs::path& file, const std::vector<std::string>& lines) {
  const fs::path dir = fs::temp_directory_path() / ("ctsh-transcript-" + std::to_string(getpid()) + "-" + file.stem().string());
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::create_directory_symlink(fs::path(CTSH_SOURCE_DIR) / "examples", dir / "examples");
  const fs::path binary_dir = fs::path(CTSH_BINARY).parent_path();
  setenv("PATH", (binary_dir.string() + ":" + CTSH_TEST_TOOLS_DIR + ":" + std::getenv("PATH")).c_str(), 1);
  setenv("CTSH_CONFIG_DIR", (dir / "config").c_str(), 1);
  setenv("HOME", dir.c_str(), 1);
  setenv("USER", "tester", 1);
  setenv("TZ", "UTC", 1);
  setenv("CTSH_TEST_HOSTNAME", "vyos", 1);
  setenv("CTSH_TEST_TIME", "1763800000", 1);
  setenv("CTSH_TEST_WALL_TIME", "0.5", 1);
  setenv("CTSH_SOURCE_DIR", CTSH_SOURCE_DIR, 1);
  unsetenv("CTSH_TEST_TERMINAL");
  unsetenv("CTSH_TEST_FAIL_STEP");

  const bool update = std::getenv("CTSH_TRANSCRIPT_UPDATE") != nullptr;
  std::string actual_file;
  for (const Step& step : parse_transcript(file, lines)) {
    auto actual = run_step(step.command, dir);
    for (const auto& comment : step.comments) actual_file += comment + "\n";
    std::string command = step.command;
    for (std::size_t at = command.find('\n'); at != std::string::npos; at = command.find('\n', at + 3)) {
      command.replace(at, 1, "\n> ");
    }
    actual_file += "$ " + command + "\n" + as_block(actual) + "\n";
    INFO(file.filename().string() << ":" << step.line << ": $ " << step.command);
    CHECK_MESSAGE(actual == step.expected, "expected:\n" << as_block(step.expected) << "actual:\n" << as_block(actual));
  }
  if (update) std::ofstream(file.string() + ".actual") << actual_file;
  fs::remove_all(dir);
}

}  // namespace

TEST_CASE("shell transcripts produce exactly their recorded output") {
  const fs::path directory = fs::path(CTSH_SOURCE_DIR) / "tests" / "transcripts";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().extension() == ".t") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  const char* only = std::getenv("CTSH_TRANSCRIPT");
  for (const auto& file : files) {
    if (only && file.stem().string() != only) continue;
    run_transcript(file, read_lines(file));
  }
}

TEST_CASE("the README tour works as printed") {
  const fs::path readme = fs::path(CTSH_SOURCE_DIR) / "README.md";
  const auto tour = readme_tour_lines(readme);
  REQUIRE(tour.size() > 10);
  run_transcript(readme, tour);
}
