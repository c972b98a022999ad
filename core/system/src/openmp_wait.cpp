// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/openmp_wait.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace mnl {

namespace {

// main()'s arguments (configureProcess), for restartWithOpenMpWait.
char** programArguments = nullptr;

bool equalsIgnoringCase(const char* text, const char* word) {
  for (; *text && *word; ++text, ++word)
    if ((*text | 0x20) != *word) return false;
  return *text == 0 && *word == 0;
}

// What libgomp read while the program loaded: the environment is the initial one until
// something calls setenv, and nothing of this program does so with these two names before
// main() (restartWithOpenMpWait sets them for the program it starts, in place of this one).
OpenMpWaitChoice readAtStart() {
  OpenMpWaitChoice choice;
  if (const char* spin = std::getenv("GOMP_SPINCOUNT")) {
    choice.wait = OpenMpWait::SpinCount;  // libgomp lets GOMP_SPINCOUNT override the policy
    choice.spinCount = spin;
    choice.fromEnvironment = true;
  } else if (const char* policy = std::getenv("OMP_WAIT_POLICY")) {
    choice.fromEnvironment = true;
    choice.wait = equalsIgnoringCase(policy, "active")    ? OpenMpWait::Active
                  : equalsIgnoringCase(policy, "passive") ? OpenMpWait::Passive
                                                          : OpenMpWait::RuntimeDefault;
  }
  // Nothing chosen: libgomp spins a while after each region. Setting OMP_WAIT_POLICY now
  // would not reach it (it read the environment while the program loaded): a program that
  // wants another policy starts itself again with it (restartWithOpenMpWait).
  return choice;
}

}  // namespace

namespace detail {
void rememberArguments(char** argv) { programArguments = argv; }
}  // namespace detail

OpenMpWaitChoice openMpWaitAtStart() {
  static const OpenMpWaitChoice atStart = readAtStart();
  return atStart;
}

std::string describe(const OpenMpWaitChoice& choice) {
  std::string text;
  switch (choice.wait) {
    case OpenMpWait::Passive: text = "passive"; break;
    case OpenMpWait::Active: text = "active"; break;
    case OpenMpWait::SpinCount: text = "GOMP_SPINCOUNT=" + choice.spinCount; break;
    case OpenMpWait::RuntimeDefault: text = "OpenMP's default"; break;
  }
  if (choice.fromEnvironment) text += " (environment)";
  return text;
}

std::optional<OpenMpWait> parseOpenMpWait(std::string_view text) {
  if (text == "passive") return OpenMpWait::Passive;
  if (text == "active") return OpenMpWait::Active;
  return std::nullopt;
}

void restartWithOpenMpWait(OpenMpWait wanted) {
  if (wanted != OpenMpWait::Passive && wanted != OpenMpWait::Active)
    throw std::invalid_argument("restartWithOpenMpWait: passive or active");
  if (openMpWaitAtStart().wait == wanted) return;
  if (!programArguments || !programArguments[0])
    throw std::logic_error("restartWithOpenMpWait before configureProcess");
  unsetenv("GOMP_SPINCOUNT");
  setenv("OMP_WAIT_POLICY", wanted == OpenMpWait::Active ? "ACTIVE" : "PASSIVE", 1);
  execv("/proc/self/exe", programArguments);
  throw std::runtime_error(std::string("cannot start this program again: ") + std::strerror(errno));
}

}  // namespace mnl
