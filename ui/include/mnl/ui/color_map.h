// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Colours for feature maps: the perceptually uniform viridis map (dark = low, yellow = high),
// so equal steps in activation read as equal steps in brightness.

#include <QImage>
#include <QRgb>

namespace mnl::ui {

// Colour of t in 0…1 (clamped).
QRgb viridis(float t);

// A side × side map of floats (row-major) as an RGB image, normalised so lo is dark and hi is
// yellow; lo == hi gives a uniform dark image.
QImage colourMap(const float* values, int side, float lo, float hi);

}  // namespace mnl::ui
