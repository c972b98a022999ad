// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which examples are held out to judge a head: the same share of every class (Teachable
// Machine's 15 %), chosen by a seeded shuffle, so that a run can be repeated exactly.
// No torch, no Qt here.

#include <cstdint>
#include <vector>

namespace mnl::teach {

inline constexpr double kDefaultHoldout = 0.15;

// For each class of n examples: round(fraction · n) of them held out, at least one when
// n ≥ 2 and never all of them (a class needs one example to learn from); a class of one
// example holds none out. Element i says whether example i (label labels[i], 0…classes−1) is
// held out. The shuffle is this file's own Fisher–Yates on mt19937_64, not std::shuffle, whose
// order differs between standard libraries: one seed gives one split on every machine.
// Throws std::invalid_argument for a fraction outside [0, 1) or a label outside the classes.
std::vector<bool> holdOut(const std::vector<int>& labels, int classes, double fraction,
                          std::uint64_t seed);

}  // namespace mnl::teach
