// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One colour per trained width, the same in every chart that draws a line per α (the paper's
// trade-off, the measured sweep): 1.0, 0.75, 0.5, 0.25 in paper::pretrainedAlphas()'s order.

#include <QColor>
#include <cstddef>

namespace mnl::ui {

inline QColor alphaColour(std::size_t index) {
  static const QColor colours[] = {QColor(0x1b, 0x5e, 0x20), QColor(0x15, 0x65, 0xc0),
                                   QColor(0xef, 0x6c, 0x00), QColor(0xad, 0x14, 0x57)};
  return colours[index % 4];
}

}  // namespace mnl::ui
