// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/color_map.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace mnl::ui {

namespace {
// viridis sampled at nine evenly spaced points; linear interpolation in between is
// indistinguishable at feature-map sizes.
constexpr std::array<QRgb, 9> kStops = {0x440154, 0x472c7a, 0x3b518b, 0x2c718e, 0x21908d,
                                        0x27ad81, 0x5cc863, 0xaadc32, 0xfde725};

std::array<QRgb, 256> buildTable() {
  std::array<QRgb, 256> table{};
  for (int i = 0; i < 256; ++i) {
    const float position = i / 255.0f * (kStops.size() - 1);
    const int low = std::min(static_cast<int>(position), static_cast<int>(kStops.size()) - 2);
    const float f = position - low;
    const QRgb a = kStops[low], b = kStops[low + 1];
    auto mix = [f](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * f)); };
    table[i] = qRgb(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
  }
  return table;
}

const std::array<QRgb, 256>& table() {
  static const std::array<QRgb, 256> t = buildTable();
  return t;
}
}  // namespace

QRgb viridis(float t) {
  if (!(t > 0)) t = 0;  // also catches NaN
  if (t > 1) t = 1;
  return table()[static_cast<int>(t * 255.0f + 0.5f)];
}

QImage colourMap(const float* values, int side, float lo, float hi) {
  QImage image(side, side, QImage::Format_RGB32);
  const float range = hi - lo;
  const float scale = range > 1e-12f ? 1.0f / range : 0.0f;
  for (int y = 0; y < side; ++y) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < side; ++x) line[x] = viridis((values[y * side + x] - lo) * scale);
  }
  return image;
}

}  // namespace mnl::ui
