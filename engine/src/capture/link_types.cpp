// Link-layer numbers of capture files (tcpdump.org's LINKTYPE list, plus the DLT_RAW values 12 and 14
// that some systems write) to the engine's LinkType; the common unsupported ones are named in errors.
#include "capture/link_types.hpp"

#include <fmt/format.h>

#include <string_view>

namespace ctsh::engine {
namespace {

struct NamedLinkType {
  std::uint32_t number;
  std::string_view name;
};

constexpr NamedLinkType unsupported_names[] = {
    {6, "IEEE 802.5 Token Ring"}, {9, "PPP"},                {10, "FDDI"},
    {50, "PPP in HDLC framing"},  {104, "Cisco HDLC"},       {105, "IEEE 802.11"},
    {108, "OpenBSD loopback"},    {119, "Prism 802.11"},     {127, "IEEE 802.11 radiotap"},
    {189, "Linux USB"},           {195, "IEEE 802.15.4"},    {220, "Linux USB mmapped"},
    {239, "Linux NFLOG"},         {253, "Linux netlink"},
};

}  // namespace

std::expected<LinkType, std::string> link_type_from_capture(std::uint32_t number) {
  switch (number) {
    case 0:
      return LinkType::null_loopback;
    case 1:
      return LinkType::ethernet;
    case 12:
    case 14:
    case 101:
      return LinkType::raw_ip;
    case 113:
      return LinkType::linux_sll;
    case 228:
      return LinkType::ipv4;
    case 229:
      return LinkType::ipv6;
    case 276:
      return LinkType::linux_sll2;
    default:
      break;
  }
  for (const NamedLinkType& known : unsupported_names) {
    if (known.number == number) return std::unexpected(fmt::format("unsupported link type {} ({})", number, known.name));
  }
  return std::unexpected(fmt::format("unsupported link type {}", number));
}

}  // namespace ctsh::engine
