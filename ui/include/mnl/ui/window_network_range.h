// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The networks the window offers: α and input size within the sliders' reach. One place for
// the sliders, the command line (--alpha, --resolution) and the saved settings, which all keep
// to it. (The core and the CLI accept far wider networks; the window keeps to the paper's
// neighbourhood, where its charts and trained weights mean something.)

#include <algorithm>

namespace mnl::ui::window_range {

inline constexpr double kMinAlpha = 0.25;
inline constexpr double kMaxAlpha = 1.0;
inline constexpr int kMinResolution = 96;
inline constexpr int kMaxResolution = 320;
inline constexpr int kResolutionStep = 16;

inline double clampAlpha(double alpha) {
  return std::clamp(alpha, kMinAlpha, kMaxAlpha);
}
inline int clampResolution(int resolution) {
  return std::clamp(resolution, kMinResolution, kMaxResolution);
}

}  // namespace mnl::ui::window_range
