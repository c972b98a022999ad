// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the accuracy charts share, so they read alike: the logarithmic axis, the legend's place,
// one mark per width, and the star and bold label of the network on the controls. Colours are
// not here: they come from the palette (chart_theme.h), when the chart colours its series.

#include <QString>
#include <Qt>
#include <cstddef>
#include <qcustomplot.h>

namespace mnl::ui {

// A log axis with its decades labelled and 8 sub-ticks between them.
void makeLogAxis(QCPAxis* axis);

// Small type and tight rows, in `corner` (the chart's empty one).
void placeLegend(QCustomPlot* plot, Qt::Alignment corner);

// Each width has its own mark as well as its own colour, so the curves are told apart without
// the colours: 1.0, 0.75, 0.5, 0.25 in paper::pretrainedAlphas()'s order.
QCPScatterStyle::ScatterShape alphaMark(std::size_t index);

// A graph of one star named `name`, and the bold label beside it; coloured by the caller.
QCPGraph* addSettingStar(QCustomPlot* plot, const QString& name);
QCPItemText* addSettingLabel(QCustomPlot* plot);

}  // namespace mnl::ui
