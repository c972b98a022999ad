// SPDX-License-Identifier: GPL-3.0-or-later
// What the commands that read pictures share, whichever reader the build has.
#include <cstdio>
#include <iostream>

#include "command.h"
#include "input_frames.h"

namespace mnl::cli {

int readInputs(const std::vector<std::string>& inputs, int every,
               const std::function<void(const InputFrame&)>& visit) {
  int problems = 0;
  for (const std::string& input : inputs)
    problems += readInput(input, every, visit, [](const std::string& message) {
      std::cerr << "mobilenet-lab-cli: " << message << '\n';
    });
  return problems;
}

void failOnUnreadInputs(int problems) {
  if (problems > 0)
    throw InputError(std::to_string(problems) +
                     (problems == 1 ? " input could not be read" : " inputs could not be read") +
                     " (see above)");
}

void printInputHeading(const InputFrame& frame) {
  std::printf("\n%s", frame.input.c_str());
  if (frame.frame) std::printf(", frame %lld", static_cast<long long>(*frame.frame));
  std::printf("\n");
}

}  // namespace mnl::cli
