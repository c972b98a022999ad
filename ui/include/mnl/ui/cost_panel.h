// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Everything about cost, in three rooms the window docks where the person wants them: the charts
// (per-layer bars, measured time per layer and the rolling latency chart, as tabs), the paper's
// trade-off chart, and the totals with separable vs standard. One object keeps them in step:
// the analytic parts follow setNetwork on every slider step; the measured parts follow results.

#include <QObject>
#include <optional>

#include "mnl/architecture.h"
#include "mnl/inference_result.h"

class QScrollArea;
class QTabWidget;
class QWidget;

namespace mnl::ui {

class LatencyShareChart;
class LayerCostChart;
class RollingChart;
class SeparableComparison;
class TotalsPanel;
class TradeoffChart;

class CostPanel : public QObject {
  Q_OBJECT
 public:
  // The rooms are made without a parent: the window's docks take them (and delete them).
  explicit CostPanel(QObject* parent = nullptr);

  void setNetwork(const NetworkConfig& config);
  void setSelectedLayer(const std::string& layer);
  void setTimings(const std::vector<LayerTiming>& timings, const NetworkConfig& network);
  void addLiveSample(double forwardMs, double endToEndMs, double fps);
  // The reduced format's check against fp32: its per-layer error on the cost chart (only when
  // a new check came; none: the line goes).
  void setPrecisionCheck(const std::optional<PrecisionCheck>& check);

  LayerCostChart* layerChart() const { return layers_; }
  LatencyShareChart* latencyChart() const { return latency_; }
  RollingChart* rollingChart() const { return rolling_; }
  TradeoffChart* tradeoffChart() const { return tradeoff_; }
  TotalsPanel* totals() const { return totals_; }
  SeparableComparison* separable() const { return separable_; }
  QTabWidget* tabs() const { return tabs_; }
  // The rooms: the tabbed charts, the trade-off chart, the totals (scrolling when the room is
  // shorter than the big numbers, never squeezing them).
  QWidget* chartsRoom() const;
  QWidget* tradeoffRoom() const;
  QScrollArea* totalsRoom() const { return totalsRoom_; }

 protected:
  // The totals room's width decides how many readouts stand side by side.
  bool eventFilter(QObject* watched, QEvent* event) override;

 signals:
  void layerClicked(const QString& layer);
  void measureRequested();

 private:
  QTabWidget* tabs_;
  LayerCostChart* layers_;
  LatencyShareChart* latency_;
  RollingChart* rolling_;
  TradeoffChart* tradeoff_;
  TotalsPanel* totals_;
  SeparableComparison* separable_;
  QScrollArea* totalsRoom_;
  // The check last drawn: a new one (or none) redraws the error line.
  std::optional<std::pair<Precision, long long>> drawnCheck_;
};

}  // namespace mnl::ui
