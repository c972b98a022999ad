// SPDX-License-Identifier: GPL-3.0-or-later
// What the commands that read pictures share, whichever reader the build has.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "command.h"
#include "input_frames.h"

namespace mnl::cli {

int readInputs(const std::vector<std::string>& inputs, const InputOptions& options,
               const std::function<void(const InputFrame&)>& visit) {
  int problems = 0;
  for (const std::string& input : inputs)
    problems += readInput(input, options, visit, [](const std::string& message) {
      std::cerr << "mobilenet-lab-cli: " << message << '\n';
    });
  return problems;
}

void addMaxPixelsOption(CLI::App* command, std::int64_t& maxPixels) {
  command
      ->add_option("--max-pixels", maxPixels,
                   "Refuse an image or video whose frames declare more pixels, before decoding "
                   "it (a JPEG is decoded at 1/2, 1/4 or 1/8 of its size when that fits)")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 40));
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
