// What the shell's engine commands share.
#include "engine_command_support.hpp"

namespace ctsh::cli {

Status engine_failure(Invocation& call, const std::string& message) {
  call.output.err += framed({message});
  return Status::failed;
}

}  // namespace ctsh::cli
