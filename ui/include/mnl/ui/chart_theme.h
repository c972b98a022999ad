// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// QCustomPlot paints its own backgrounds, axes, tick labels, grids and legends in fixed light
// colours; these give every chart the palette's instead, and keep doing so after a theme
// switch. Includes qcustomplot.h's types only by name: no torch, no QT_NO_KEYWORDS unit.

#include <functional>

#include "mnl/ui/theme.h"

class QCustomPlot;

namespace mnl::ui {

// Background, axes, ticks, tick labels, axis labels, grids and legends of `plot` in `theme`.
void styleChart(QCustomPlot* plot, const Theme& theme);

// Styles `plot` now and on every palette change, then lets the chart colour its own series
// (`series` may be empty), then replots.
void followPaletteInChart(QCustomPlot* plot, std::function<void(const Theme&)> series);

}  // namespace mnl::ui
