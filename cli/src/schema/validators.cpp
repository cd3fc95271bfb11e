// The x-validators of schema/ctsh.schema.json, implemented once; the value parsers do the work.
#include "validators.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "ctsh/cli/value_parsers.hpp"
#include "name_tables.hpp"

namespace ctsh::cli {
namespace {

// Linux's IFNAMSIZ less the terminating NUL.
constexpr std::size_t longest_interface_name = 15;

template <typename Parsed>
ValidatorResult as_validator_result(const std::expected<Parsed, std::string>& parsed) {
  if (parsed) return {};
  return std::unexpected(std::vector<std::string>{"Error: " + parsed.error()});
}

// The kernel's dev_valid_name rules, restricted to printable ASCII.
ValidatorResult check_interface_name(std::string_view name) {
  const auto refuse = [&](std::string_view reason) {
    return std::unexpected(
        std::vector<std::string>{fmt::format("Error: {} is not a valid interface name: {}", shown_value(name), reason)});
  };
  if (name.empty() || name.size() > longest_interface_name) {
    return refuse(fmt::format("it must be 1 to {} characters long", longest_interface_name));
  }
  if (name == "." || name == "..") return refuse("'.' and '..' are not interface names");
  const bool allowed = std::ranges::all_of(name, [](char c) { return c > ' ' && c < 0x7f && c != '/' && c != ':'; });
  if (!allowed) return refuse("it may not contain '/', ':', spaces or control characters");
  return {};
}

struct NamedValidator {
  std::string_view name;
  ValidatorResult (*run)(std::string_view value);
};

constexpr std::array<NamedValidator, 5> validators{{
    {"ipv4-address-match",
     [](std::string_view value) { return as_validator_result(parse_address_match(value, engine::Family::ipv4)); }},
    {"ipv6-address-match",
     [](std::string_view value) { return as_validator_result(parse_address_match(value, engine::Family::ipv6)); }},
    {"port-multi", [](std::string_view value) { return as_validator_result(parse_port_match(value)); }},
    {"ip-protocol", [](std::string_view value) { return as_validator_result(parse_protocol_match(value)); }},
    {"interface-name", check_interface_name},
}};

}  // namespace

bool is_known_validator(std::string_view name) {
  return std::ranges::find(validators, name, &NamedValidator::name) != validators.end();
}

ValidatorResult run_validator(std::string_view name, std::string_view value) {
  return std::ranges::find(validators, name, &NamedValidator::name)->run(value);
}

}  // namespace ctsh::cli
