// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The live check of a reduced number format, counted as it goes (PrecisionCheck's counts). Each
// check holds the format's class probabilities for one frame against float32's for the same
// frame; the last kPrecisionChecksKept checks count. Where the top-1 differs, how far float32's
// own first class was ahead of the class the format chose says whether the format overturned a
// clear answer or a near tie: the small networks hesitate between classes often enough that an
// invisible change of the pixels turns fp32's own top-1 about as often as int8 or bf16 does
// (docs/benchmarks.md, "fp32's own floor"). No torch and no Qt here.

#include <deque>
#include <span>

#include "mnl/inference_result.h"

namespace mnl {

class PrecisionTally {
 public:
  // One check: the probability of every class (softmax) from the reduced network and from
  // float32, on the same frame. Throws std::invalid_argument for empty or unequal sizes.
  void add(std::span<const float> reduced, std::span<const float> exact);
  // Forgets every check (another network, or the same one calibrated again).
  void clear();
  // The counts over the checks kept: checked, agreeing, largestProbabilityDifference,
  // largestLeadTurned; the rest of `check` is left as it is.
  void fill(PrecisionCheck& check) const;

 private:
  struct Check {
    bool agrees = false;
    double largestDifference = 0;  // of any class's probability
    double leadTurned = 0;         // where the top-1 differs: fp32's top-1 minus the format's
  };
  std::deque<Check> checks_;
};

}  // namespace mnl
