// verify: the cross-field rules of the configuration (what the JSON Schema cannot say), with VyOS's
// messages where VyOS has one, and ours (where, what, how to fix) elsewhere.
#pragma once

#include <string>
#include <vector>

#include "ctsh/cli/config_tree.hpp"

namespace ctsh::cli {

struct VerifyProblem {
  Path area;            // the owning subtree, printed as `[ system conntrack ]`
  std::string message;
};

struct VerifyResult {
  std::vector<VerifyProblem> errors;
  std::vector<std::string> warnings;
};

// `effective` has the schema's defaults filled in; `configured` is what the user set (some warnings
// are only about explicit settings).
VerifyResult verify_config(const ConfigNode& effective, const ConfigNode& configured);

}  // namespace ctsh::cli
