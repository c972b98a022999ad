// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs another program and collects what it writes to its standard output, with a time limit:
// how core lets a helper program do work that could crash (core/weights/tools/). The program is
// started with posix_spawn, never fork: the caller is a threaded process (Qt, OpenMP, CUDA),
// and after a fork there only async-signal-safe calls are allowed, which excludes malloc and
// any library's reader. Its standard input is /dev/null; its standard error is the caller's.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace mnl {

struct ChildOutcome {
  enum class End {
    NotStarted,  // posix_spawn failed: `code` is the errno
    Exited,      // `code` is the exit status
    Signalled,   // `code` is the signal that ended it
    TimedOut,    // killed at the time limit
    TooMuchOutput,  // killed when its output passed the limit
  };
  End end = End::NotStarted;
  int code = 0;
  std::string output;  // its standard output, whole unless it was killed
};

ChildOutcome runAndCapture(const std::filesystem::path& program,
                           const std::vector<std::string>& arguments,
                           std::chrono::milliseconds timeLimit, std::size_t outputLimit);

}  // namespace mnl
