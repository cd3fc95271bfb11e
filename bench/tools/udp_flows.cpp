// udp_flows COUNT: sends one UDP datagram from one socket to each of COUNT destinations d, 127.0.0.(1 + d / 65535)
// port 1 + d % 65535, so that the kernel's conntrack in the network namespace this runs in holds COUNT
// distinct unreplied UDP entries (bench/table_render.sh fills a kernel table with it).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace {

constexpr std::uint64_t largest_count = 4'000'000;
constexpr std::uint32_t ports = 65535;

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t count = 0;
  const std::string_view count_text = argc == 2 ? argv[1] : "";
  const auto parsed = std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
  if (argc != 2 || parsed.ec != std::errc{} || parsed.ptr != count_text.data() + count_text.size() || count == 0 ||
      count > largest_count) {
    std::fprintf(stderr, "usage: udp_flows COUNT (COUNT from 1 to %llu)\n", static_cast<unsigned long long>(largest_count));
    return 2;
  }
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    std::fprintf(stderr, "udp_flows: socket: %s\n", std::strerror(errno));
    return 1;
  }
  const char payload = 'x';
  for (std::uint64_t d = 0; d < count; ++d) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(1 + d % ports));
    to.sin_addr.s_addr = htonl((127u << 24) | static_cast<std::uint32_t>(1 + d / ports));
    // A port-unreachable answer to an earlier datagram shows as ECONNREFUSED on a later send: not an error.
    if (sendto(fd, &payload, 1, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) < 0 && errno != ECONNREFUSED) {
      std::fprintf(stderr, "udp_flows: sendto %llu: %s\n", static_cast<unsigned long long>(d), std::strerror(errno));
      close(fd);
      return 1;
    }
  }
  close(fd);
  return 0;
}
