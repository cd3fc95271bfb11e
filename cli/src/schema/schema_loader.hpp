// Private to the schema: builds the SchemaNode tree from the JSON Schema document.
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

#include "ctsh/cli/schema.hpp"

namespace ctsh::cli {

// Infers node kinds from the schema conventions (see schema/ctsh.schema.json), resolves local "$ref"s
// (sibling keys override the referenced ones) and derives `u32:A-B` value help from minimum/maximum.
// Throws std::invalid_argument naming the JSON pointer of a node that breaks the conventions.
std::unique_ptr<SchemaNode> load_schema_tree(const nlohmann::ordered_json& document);

}  // namespace ctsh::cli
