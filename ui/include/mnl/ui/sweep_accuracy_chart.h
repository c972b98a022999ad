// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The paper's ImageNet top-1 against the latency measured on this machine, one line per α as
// in the trade-off chart (TradeoffChart has mult-adds where this has milliseconds, log-x in
// both), the network on the controls marked, and the budget: a dashed line at its
// milliseconds and a ring round the network chosen for it. After a search of the Teach room,
// the person's own held-out accuracy too, a dashed line per α beside the paper's, and the
// budget's ring may go round the best network on those instead.

#include <QWidget>
#include <optional>

#include "mnl/latency_sweep.h"
#include "mnl/ui/theme.h"

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;

namespace mnl::ui {

class SweepAccuracyChart : public QWidget {
  Q_OBJECT
 public:
  explicit SweepAccuracyChart(QWidget* parent = nullptr);

  void setResult(const SweepResult& result);
  // The network on the controls: its own point when the sweep has it, else a point at the
  // fitted line's latency and the interpolated top-1 (marked ≈), or none outside the grid.
  void setCurrent(const NetworkConfig& network);
  void setBudget(const std::optional<LatencyBudget>& budget);
  // The sweep's rows with the person's held-out top-1 (%) as their top-1 (rowsByYourAccuracy);
  // empty: none drawn. `chooseByYours`: the budget's ring goes round the best of these.
  void setYourAccuracy(const std::vector<SweepRow>& rows, bool chooseByYours);

  QCustomPlot* plot() const { return plot_; }
  // The points drawn on the α lines (for tests): one per measured row with a published top-1.
  int pointCount() const;
  // The points of the person's accuracy drawn (for tests).
  int yourPointCount() const;
  // The row the ring is round, if any.
  std::optional<NetworkConfig> chosen() const { return chosen_; }

 private:
  void colourSeries();  // from theme_, the palette's (chart_theme.h)
  Theme theme_;
  void redraw();

  QCustomPlot* plot_;
  QCPGraph* current_;
  QCPGraph* choice_;
  QCPItemStraightLine* budgetLine_;
  QCPItemText* currentText_;
  SweepResult result_;
  NetworkConfig network_;
  std::optional<LatencyBudget> budget_;
  std::optional<NetworkConfig> chosen_;
  std::vector<QCPGraph*> alphaLines_;
  std::vector<SweepRow> yourRows_;
  bool chooseByYours_ = false;
  std::vector<QCPGraph*> yourLines_;
};

}  // namespace mnl::ui
