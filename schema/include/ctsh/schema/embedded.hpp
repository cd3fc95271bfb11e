// The schema files of schema/, embedded into the binary at build time.
#pragma once
#include <string_view>

namespace ctsh::embedded {
extern const std::string_view config_schema_json;  // schema/ctsh.schema.json
extern const std::string_view op_commands_json;    // schema/op-commands.json
}  // namespace ctsh::embedded
