// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Everything about cost in one panel: per-layer bars, measured time per layer and the rolling
// latency chart (tabs), the paper's trade-off chart, and the totals with separable vs standard.
// The analytic parts follow setNetwork on every slider step; the measured parts follow results.

#include <QWidget>

#include "mnl/architecture.h"
#include "mnl/inference_result.h"

class QTabWidget;

namespace mnl::ui {

class LatencyShareChart;
class LayerCostChart;
class RollingChart;
class SeparableComparison;
class TotalsPanel;
class TradeoffChart;

class CostPanel : public QWidget {
  Q_OBJECT
 public:
  explicit CostPanel(QWidget* parent = nullptr);

  void setNetwork(const NetworkConfig& config);
  void setSelectedLayer(const std::string& layer);
  void setTimings(const std::vector<LayerTiming>& timings, const NetworkConfig& network);
  void addLiveSample(double forwardMs, double endToEndMs, double fps);

  LayerCostChart* layerChart() const { return layers_; }
  LatencyShareChart* latencyChart() const { return latency_; }
  RollingChart* rollingChart() const { return rolling_; }
  TradeoffChart* tradeoffChart() const { return tradeoff_; }
  TotalsPanel* totals() const { return totals_; }
  SeparableComparison* separable() const { return separable_; }
  QTabWidget* tabs() const { return tabs_; }

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
};

}  // namespace mnl::ui
