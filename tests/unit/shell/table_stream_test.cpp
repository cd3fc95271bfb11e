// A table too long to collect leaves in blocks while it is written (Output::pass_through): the text,
// the JSON and the conntrack lines of a table of several MiB are the same, byte for byte, as when a
// pipe makes the shell collect the whole output first.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "ctsh_process.hpp"
#include "scratch_directory.hpp"

using ctsh::test::run_ctsh;

TEST_CASE("a long table printed in blocks is the table printed whole") {
  ctsh::test::ScratchDir dir;
  constexpr int flows = 20000;  // about 2.5 MiB of text: blocks of 1 MiB leave while it is written
  run_ctsh(dir.path(), "simulate workload syn-flood rate 20000 duration 1");

  const std::string streamed = run_ctsh(dir.path(), "show conntrack table ipv4");
  const std::string collected = run_ctsh(dir.path(), "show conntrack table ipv4 | match .");
  CHECK(streamed.size() > (2u << 20));
  CHECK(std::count(streamed.begin(), streamed.end(), '\n') == flows + 2);
  CHECK(streamed == collected);

  const std::string lines = run_ctsh(dir.path(), "show conntrack table ipv4 | conntrack");
  CHECK(std::count(lines.begin(), lines.end(), '\n') == flows);
  CHECK(lines == run_ctsh(dir.path(), "show conntrack table ipv4 | conntrack | match ."));

  const std::string json = run_ctsh(dir.path(), "show conntrack table ipv4 | json");
  CHECK(nlohmann::json::parse(json)["entries"].size() == flows);
  CHECK(json == run_ctsh(dir.path(), "show conntrack table ipv4 | json | match ."));
}
