// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/openmp_wait.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace mnl {

namespace {

// Written once by the .preinit_array hook, before any constructor: plain data only.
OpenMpWait waitAtStart = OpenMpWait::RuntimeDefault;
bool chosenByEnvironment = false;
const char* spinCountAtStart = nullptr;  // points into the initial environment, which lives on

// The value of NAME in a NAME=value environment, or nullptr.
const char* lookUp(char** environment, const char* name) {
  const std::size_t length = std::strlen(name);
  for (char** entry = environment; entry && *entry; ++entry)
    if (std::strncmp(*entry, name, length) == 0 && (*entry)[length] == '=') return *entry + length + 1;
  return nullptr;
}

bool equalsIgnoringCase(const char* text, const char* word) {
  for (; *text && *word; ++text, ++word)
    if ((*text | 0x20) != *word) return false;
  return *text == 0 && *word == 0;
}

}  // namespace

namespace detail {

void chooseOpenMpWaitAtStart(char** environment) {
  if (const char* spin = lookUp(environment, "GOMP_SPINCOUNT")) {
    waitAtStart = OpenMpWait::SpinCount;  // libgomp lets GOMP_SPINCOUNT override the policy
    spinCountAtStart = spin;
    chosenByEnvironment = true;
    return;
  }
  if (const char* policy = lookUp(environment, "OMP_WAIT_POLICY")) {
    chosenByEnvironment = true;
    waitAtStart = equalsIgnoringCase(policy, "active")    ? OpenMpWait::Active
                  : equalsIgnoringCase(policy, "passive") ? OpenMpWait::Passive
                                                          : OpenMpWait::RuntimeDefault;
    return;
  }
  // Nothing chosen: libgomp spins a while after each region. Setting OMP_WAIT_POLICY here
  // would not reach it: the C library's own constructor, which runs after this hook and before
  // libgomp's, sets `environ` back to the initial environment. A program that wants another
  // policy starts itself again with it (restartWithOpenMpWait).
}

}  // namespace detail

OpenMpWaitChoice openMpWaitAtStart() {
  OpenMpWaitChoice choice;
  choice.wait = waitAtStart;
  choice.fromEnvironment = chosenByEnvironment;
  if (spinCountAtStart) choice.spinCount = spinCountAtStart;
  return choice;
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
  if (waitAtStart == wanted) return;
  std::ifstream file("/proc/self/cmdline", std::ios::binary);
  const std::string commandLine{std::istreambuf_iterator<char>(file), {}};
  std::vector<std::string> arguments;
  for (std::size_t start = 0; start < commandLine.size();) {
    const std::size_t end = commandLine.find('\0', start);
    arguments.push_back(commandLine.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (arguments.empty()) throw std::runtime_error("cannot read this program's command line");
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  unsetenv("GOMP_SPINCOUNT");
  setenv("OMP_WAIT_POLICY", wanted == OpenMpWait::Active ? "ACTIVE" : "PASSIVE", 1);
  execv("/proc/self/exe", argv.data());
  throw std::runtime_error(std::string("cannot start this program again: ") + std::strerror(errno));
}

}  // namespace mnl
