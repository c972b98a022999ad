// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every subcommand of mobilenet-lab-cli shares: how it reports failure.

#include <cstdio>
#include <stdexcept>
#include <string>

#include "mnl/architecture.h"

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

// Runs `parse` (a core parser that throws std::invalid_argument for a bad name or value) and
// reports its refusal as a usage error: exit code 2 with the parser's sentence.
template <class Parse>
auto parsedOption(Parse&& parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

// The CLI's bounds beyond what makes a network valid (α > 0, resolution ≥ 32): past them the
// cost figures overflow their integers (α 10⁹ gave negative shares) and `classify` or `bench`
// would ask for more memory than a machine has (resolution 100000 aborted in LibTorch's
// allocator). The window's sliders stay well inside them.
inline constexpr double kMaxAlpha = 4.0;
inline constexpr int kMaxResolution = 2048;
inline constexpr int kMaxClasses = 100000;
inline constexpr int kMaxThreads = 256;  // as the window's --threads
inline constexpr int kMaxBatch = 256;

// Throws UsageError for α, resolution or classes past the bounds above (the core's own upper
// bounds are wider: what its counts can hold).
inline void checkBounds(const NetworkConfig& network) {
  char text[96];
  if (network.alpha > kMaxAlpha) {
    std::snprintf(text, sizeof text, "--alpha must be at most %g, not %g", kMaxAlpha,
                  network.alpha);
    throw UsageError(text);
  }
  if (network.resolution > kMaxResolution)
    throw UsageError("--resolution must be at most " + std::to_string(kMaxResolution) +
                     " pixels, not " + std::to_string(network.resolution));
  if (network.classes > kMaxClasses)
    throw UsageError("--classes must be at most " + std::to_string(kMaxClasses) + ", not " +
                     std::to_string(network.classes));
}

// The network the options describe, checked: this tool's bounds first (they name the options),
// then the core's validate() (α > 0, resolution ≥ 32, …), both as usage errors.
inline void checkNetwork(const NetworkConfig& network) {
  checkBounds(network);
  parsedOption([&network] { validate(network); });
}

}  // namespace mnl::cli
