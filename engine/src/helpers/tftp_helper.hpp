// The TFTP helper (kernel nf_conntrack_tftp.c): a read or write request expects the server's answer
// from any port to the client's address and port.
#pragma once

#include "helpers/helper_context.hpp"

namespace ctsh::engine {

// The helper on one packet of a TFTP flow, in either direction and any ct state, as the kernel runs it.
HelperVerdict inspect_tftp(HelperContext& context);

}  // namespace ctsh::engine
