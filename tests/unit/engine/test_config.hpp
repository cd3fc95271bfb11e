// Test helpers for the engine tests: the kernel's default configuration (tests/support) and a scratch
// directory removed at scope exit.
#pragma once

#include "kernel_defaults.hpp"
#include "scratch_directory.hpp"

namespace ctsh::engine::test {

using ctsh::test::ScratchDir;

}  // namespace ctsh::engine::test
