// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A QCustomPlot chart saved to a file, in the format its name ends with: .png (rastered at
// twice the widget's size, sharp on a slide), .svg (Qt's SVG generator: lines stay lines) or
// .pdf (QCustomPlot's own, vector too).

#include <QString>

class QCustomPlot;

namespace mnl::ui {

// False for another suffix or a file that cannot be written.
bool saveChart(QCustomPlot* plot, const QString& file);

}  // namespace mnl::ui
