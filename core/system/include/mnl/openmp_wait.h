// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How LibTorch's OpenMP threads wait for the next parallel region, chosen before the OpenMP
// runtime starts. Torch-free.
//
// GNU libgomp (LibTorch's OpenMP on Linux) reads OMP_WAIT_POLICY and GOMP_SPINCOUNT once, in
// its constructor, while the program is loaded: before main(), and for good. By default its
// threads spin for a long while after each region. On a machine whose cores are all taken (a
// browser, a compiler, the window's own capture and drawing threads) a spinning thread holds a
// core that a descheduled team-mate needs, and every layer waits for the slowest one
// (docs/benchmarks.md, "A busy machine"). No setting made inside the process reaches libgomp,
// so a program that wants another policy starts itself again with it (configureProcess,
// process_setup.h): the window does, for passive waiting, unless the person chose
// (OMP_WAIT_POLICY or GOMP_SPINCOUNT set by the person always wins); the CLI's bench on
// --openmp-wait. libgomp's OMP_DISPLAY_ENV shows the difference in GOMP_SPINCOUNT (0 when
// passive); its OMP_WAIT_POLICY line reads PASSIVE for the default too.

#include <optional>
#include <string>
#include <string_view>

namespace mnl {

enum class OpenMpWait {
  RuntimeDefault,  // no choice made: libgomp spins a while, then sleeps
  Passive,         // threads sleep at once when out of work
  Active,          // threads spin until the next region
  SpinCount,       // GOMP_SPINCOUNT, as the environment set it
};

struct OpenMpWaitChoice {
  OpenMpWait wait = OpenMpWait::RuntimeDefault;
  bool fromEnvironment = false;  // the person's OMP_WAIT_POLICY / GOMP_SPINCOUNT, not ours
  std::string spinCount;         // GOMP_SPINCOUNT's text when wait == SpinCount
};

// What this process's OpenMP runtime started with.
OpenMpWaitChoice openMpWaitAtStart();

// "passive", "active", "GOMP_SPINCOUNT=1000" or "OpenMP's default"; with " (environment)"
// when the person chose it.
std::string describe(const OpenMpWaitChoice& choice);

// "passive" or "active"; nullopt otherwise.
std::optional<OpenMpWait> parseOpenMpWait(std::string_view text);

// Runs this program again from the start (main()'s arguments as configureProcess kept them,
// /proc/self/exe) with OMP_WAIT_POLICY=`wanted` when it started with anything else; returns at
// once when it already runs so. Throws std::runtime_error when it cannot start itself again,
// std::logic_error before configureProcess.
void restartWithOpenMpWait(OpenMpWait wanted);

}  // namespace mnl
