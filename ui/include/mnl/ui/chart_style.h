// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the accuracy charts share, so they read alike: the logarithmic axis, the legend, and
// the red star and bold label of the network on the controls.

#include <QColor>
#include <QString>
#include <Qt>

class QCPAxis;
class QCPGraph;
class QCPItemText;
class QCustomPlot;

namespace mnl::ui {

// The colour of "this setting" in every chart.
inline const QColor kSettingColour(0xd5, 0x00, 0x00);

// A log axis with its decades labelled and 8 sub-ticks between them.
void makeLogAxis(QCPAxis* axis);

// Small type, tight rows, a see-through white box, in `corner` (the chart's empty one).
void placeLegend(QCustomPlot* plot, Qt::Alignment corner);

// A graph of one red star named "this setting", and its bold red label beside it.
QCPGraph* addSettingStar(QCustomPlot* plot, const QString& name);
QCPItemText* addSettingLabel(QCustomPlot* plot);

}  // namespace mnl::ui
