// Decoding and encoding of the fuzz input format (see fuzz_input.hpp), and the configuration each
// settings bit stands for: kernel default timeouts with the chosen table size, modules and raw rules.
#include "fuzz_input.hpp"

#include "kernel_defaults.hpp"

#include <algorithm>
#include <utility>

namespace ctsh::engine::fuzz {
namespace {

constexpr std::size_t frame_header_size = 4;
constexpr std::uint64_t first_time_ns = 1'000'000'000;

RawRule port_rule(std::uint32_t number, RawAction action, std::uint8_t protocol, std::uint16_t port) {
  ProtocolMatch protocol_match;
  protocol_match.number = protocol;
  PortMatch port_match;
  port_match.ranges.push_back(PortRange{port, port});
  RawRule rule;
  rule.number = number;
  rule.action = action;
  rule.match.protocol = protocol_match;
  rule.match.destination_port = std::move(port_match);
  return rule;
}

ConntrackConfig config_for(std::uint8_t settings) {
  const bool small = settings & setting_small_table;
  ConntrackConfig c = test::kernel_defaults(small ? 8 : 4096, small ? 4 : 1024);
  c.expect_table_size = small ? 4 : 256;
  c.flow_accounting = settings & setting_accounting;
  if (settings & setting_ftp) c.modules.insert(HelperModule::ftp);
  if (settings & setting_tftp) c.modules.insert(HelperModule::tftp);
  for (RawTable* table : {&c.raw_ipv4, &c.raw_ipv6}) {
    if (settings & setting_notrack_dns) {
      table->prerouting.rules.push_back(port_rule(10, RawAction::notrack, 17, 53));
    }
    if (settings & setting_drop_telnet) {
      table->prerouting.rules.push_back(port_rule(20, RawAction::drop, 6, 23));
      table->prerouting.rules.back().match.inbound_interface = "eth1";
    }
  }
  return c;
}

std::uint64_t step_ns(std::uint8_t step) {
  if (step < 200) return std::uint64_t{step} * 1'000'000;
  return std::uint64_t{step - 199u} * 10'000'000'000;
}

}  // namespace

FuzzCase decode_fuzz_input(std::span<const std::uint8_t> input) {
  FuzzCase decoded;
  const std::uint8_t link_index = input.size() > 0 ? input[0] : 0;
  const std::uint8_t settings = input.size() > 1 ? input[1] : 0;
  decoded.config = config_for(settings);
  decoded.options.verify_checksums = settings & setting_verify_checksums;
  const LinkType link = fuzz_link_types[link_index % std::size(fuzz_link_types)];
  std::uint64_t time_ns = first_time_ns;
  std::size_t at = std::min<std::size_t>(2, input.size());
  while (input.size() - at >= frame_header_size) {
    const std::size_t wanted = std::size_t{input[at]} << 8 | input[at + 1];
    time_ns += step_ns(input[at + 2]);
    const std::uint16_t interface = input[at + 3] & 1;
    at += frame_header_size;
    const auto length = static_cast<std::uint32_t>(std::min(wanted, input.size() - at));
    decoded.frames.push_back(Frame{input.data() + at, length, time_ns, link, interface});
    at += length;
  }
  return decoded;
}

std::vector<std::uint8_t> encode_fuzz_input(std::uint8_t link_index, std::uint8_t settings,
                                            const std::vector<SeedFrame>& frames) {
  std::vector<std::uint8_t> input{link_index, settings};
  for (const SeedFrame& frame : frames) {
    input.push_back(static_cast<std::uint8_t>(frame.bytes.size() >> 8));
    input.push_back(static_cast<std::uint8_t>(frame.bytes.size()));
    input.push_back(frame.step);
    input.push_back(frame.interface);
    input.insert(input.end(), frame.bytes.begin(), frame.bytes.end());
  }
  return input;
}

}  // namespace ctsh::engine::fuzz
