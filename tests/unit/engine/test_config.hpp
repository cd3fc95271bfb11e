// Test helper for the engine tests: a ConntrackConfig with every field set to the kernel's defaults
// (the engine has no defaults of its own; the shell fills them in from the schema), and a scratch dir.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include "ctsh/engine/conntrack_config.hpp"

namespace ctsh::engine::test {

inline ConntrackConfig kernel_defaults(std::uint32_t table_size = 4096, std::uint32_t hash_size = 1024) {
  ConntrackConfig c;
  c.table_size = table_size;
  c.hash_size = hash_size;
  c.expect_table_size = 256;
  c.timeouts.tcp = {.close = 10, .close_wait = 60, .established = 432000, .fin_wait = 120,
                    .last_ack = 30, .syn_recv = 60, .syn_sent = 120, .time_wait = 120};
  c.timeouts.udp_other = 30;
  c.timeouts.udp_stream = 120;
  c.timeouts.icmp = 30;
  c.timeouts.other = 600;
  c.tcp = {.half_open_connections = 512, .loose = true, .max_retrans = 3};
  return c;
}

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ctsh-engine-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::system_error(errno, std::generic_category(), "mkdtemp");
    path_ = pattern;
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace ctsh::engine::test
