// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The scale of one output channel's weights in int8 (weight ≈ code × scale, |code| ≤ 127).
//
// Weights that came from an 8-bit file (the bundled TFLite models: uint8 codes, one scale and
// zero point per tensor, learned in quantisation-aware training) lie on a grid already. Coded
// again at largest |w| / 127 every weight is rounded a second time, onto a grid that does not
// line up with the first; on the bundled 0.25/128 network that second rounding alone turned
// about one picture in twenty from fp32's top-1 (docs/benchmarks.md, "Number formats"). So a
// channel whose weights are whole multiples of one step, with no code past 127, keeps that
// step and is coded exactly; any other channel gets largest / 127.

#include <cstddef>

namespace mnl {

float int8WeightScale(const float* values, std::size_t count);

}  // namespace mnl
