// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a program sets for its whole process, in one place, once, at the start of main() before
// any other thread exists: what libraries read from the environment at their first use, how
// the heap keeps large blocks, and how LibTorch's OpenMP threads wait (which libgomp reads
// only while the program loads, so changing it means starting the program again).
// Torch-free; the window's and the CLI's main() call configureProcess() (the Keras reader
// helper runs no network and sets nothing).

#include <optional>

#include "mnl/openmp_wait.h"

namespace mnl {

struct ProcessSetup {
  // Start again with this OpenMP wait when the program started with another, unless the person
  // chose one (OMP_WAIT_POLICY or GOMP_SPINCOUNT in the environment always wins). Unset:
  // libgomp's default (spin a while, then sleep).
  std::optional<OpenMpWait> openMpWait = {};
  // Keep large freed blocks in the heap for reuse (heap_policy.h): batch runs (the CLI).
  bool keepLargeBlocksInHeap = false;
  // At most this many malloc arenas (heap_policy.h, limitHeapArenas): the window. Unset:
  // glibc's default.
  std::optional<int> heapArenas = {};
};

// Applies `setup`. `argv` is main()'s, kept for a later restartWithOpenMpWait (bench
// --openmp-wait). When the OpenMP wait must change, runs the program again from the start and
// does not return; throws std::runtime_error when it cannot (the caller says so and goes on
// with the policy it has).
void configureProcess(char** argv, const ProcessSetup& setup);

}  // namespace mnl
