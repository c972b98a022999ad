// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every subcommand of mobilenet-lab-cli shares: how it reports failure.

#include <stdexcept>

namespace mnl::cli {

// The exit codes the CLI promises: 0 success, 1 an input could not be read or used,
// 2 the arguments were wrong.
inline constexpr int kExitInputError = 1;
inline constexpr int kExitUsageError = 2;

// Arguments that parse but make no sense (α ≤ 0, resolution < 32, …): exit code 2.
class UsageError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An input that cannot be read or used (missing file, bad weights…): exit code 1.
class InputError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace mnl::cli
