// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Measured latency against mult-adds for every point of a sweep (a colour per α), with the
// least-squares line through them (fitLatency). Time is not proportional to arithmetic: the
// line's intercept is what a run costs whatever the network's size, which the small networks
// are mostly made of. The network on the controls is a dashed line at its mult-adds.

#include <QWidget>

#include "mnl/latency_sweep.h"
#include "mnl/ui/theme.h"

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QLabel;

namespace mnl::ui {

class SweepFitChart : public QWidget {
  Q_OBJECT
 public:
  explicit SweepFitChart(QWidget* parent = nullptr);

  void setResult(const SweepResult& result);
  void setCurrent(const NetworkConfig& network);

  QCustomPlot* plot() const { return plot_; }
  int pointCount() const;
  // "1.23 ms fixed + 0.0456 ms per million mult-adds", or empty without a line.
  QString fitText() const;

 private:
  void colourSeries();  // from theme_, the palette's (chart_theme.h)
  Theme theme_;
  QCustomPlot* plot_;
  QLabel* caption_;
  std::vector<QCPGraph*> alphaPoints_;
  QCPGraph* line_;
  QCPItemStraightLine* current_;
};

}  // namespace mnl::ui
