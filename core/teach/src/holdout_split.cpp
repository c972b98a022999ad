// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/teach/holdout_split.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <utility>

namespace mnl::teach {

std::vector<bool> holdOut(const std::vector<int>& labels, int classes, double fraction,
                          std::uint64_t seed) {
  if (!(fraction >= 0.0 && fraction < 1.0))
    throw std::invalid_argument("the held-out share must be at least 0 and below 1");
  std::vector<std::vector<std::size_t>> members(static_cast<std::size_t>(std::max(classes, 0)));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || labels[i] >= classes)
      throw std::invalid_argument("example " + std::to_string(i) + " has label " +
                                  std::to_string(labels[i]) + ", outside the " +
                                  std::to_string(classes) + " classes");
    members[static_cast<std::size_t>(labels[i])].push_back(i);
  }
  std::vector<bool> heldOut(labels.size(), false);
  std::mt19937_64 random(seed);
  for (std::vector<std::size_t>& member : members) {
    const std::size_t n = member.size();
    if (n < 2 || fraction == 0.0) continue;
    const auto wanted = static_cast<std::size_t>(std::lround(fraction * static_cast<double>(n)));
    const std::size_t count = std::clamp<std::size_t>(wanted, 1, n - 1);
    for (std::size_t i = n - 1; i > 0; --i) std::swap(member[i], member[random() % (i + 1)]);
    for (std::size_t i = 0; i < count; ++i) heldOut[member[i]] = true;
  }
  return heldOut;
}

}  // namespace mnl::teach
