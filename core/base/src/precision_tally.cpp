// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/precision_tally.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>

namespace mnl {

void PrecisionTally::add(std::span<const float> reduced, std::span<const float> exact) {
  if (reduced.empty() || reduced.size() != exact.size())
    throw std::invalid_argument("PrecisionTally: the two networks' classes differ");
  // The first of equal probabilities, as argmax takes it.
  const auto top = [](std::span<const float> p) {
    return static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
  };
  const std::size_t chosen = top(reduced), wanted = top(exact);
  Check check;
  check.agrees = chosen == wanted;
  for (std::size_t k = 0; k < exact.size(); ++k)
    check.largestDifference =
        std::max(check.largestDifference, std::fabs(double(reduced[k]) - double(exact[k])));
  if (!check.agrees) check.leadTurned = double(exact[wanted]) - double(exact[chosen]);
  checks_.push_back(check);
  if (checks_.size() > std::size_t(kPrecisionChecksKept)) checks_.pop_front();
}

void PrecisionTally::clear() { checks_.clear(); }

void PrecisionTally::fill(PrecisionCheck& check) const {
  check.checked = static_cast<int>(checks_.size());
  check.agreeing = 0;
  check.largestProbabilityDifference = 0;
  check.largestLeadTurned = 0;
  for (const Check& c : checks_) {
    check.agreeing += c.agrees;
    check.largestProbabilityDifference =
        std::max(check.largestProbabilityDifference, c.largestDifference);
    check.largestLeadTurned = std::max(check.largestLeadTurned, c.leadTurned);
  }
}

}  // namespace mnl
