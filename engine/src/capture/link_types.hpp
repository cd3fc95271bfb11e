// The DLT/LINKTYPE numbers found in capture files, mapped to the link layers the engine parses.
#pragma once

#include <cstdint>
#include <expected>
#include <string>

#include "ctsh/engine/frame.hpp"

namespace ctsh::engine {

// The LinkType of a capture's link-layer number, or a message naming the unsupported one
// ("unsupported link type 105 (IEEE 802.11)").
std::expected<LinkType, std::string> link_type_from_capture(std::uint32_t number);

}  // namespace ctsh::engine
