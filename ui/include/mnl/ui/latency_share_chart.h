// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Measured time per layer (Engine::profileLayers) beside each layer's share of mult-adds:
// depthwise layers do ~3 % of the arithmetic but take far more of the time, because they
// reuse each weight little and are bound by memory, not arithmetic.

#include <QWidget>
#include <map>
#include <string>
#include <vector>

#include "mnl/cost_model.h"
#include "mnl/inference_result.h"

class QCustomPlot;
class QCPBars;
class QLabel;

namespace mnl::ui {

class LatencyShareChart : public QWidget {
  Q_OBJECT
 public:
  explicit LatencyShareChart(QWidget* parent = nullptr);
  void setNetwork(const NetworkConfig& config);
  // Timings measured on `network`; ignored (kept for later) when the panel shows another one.
  void setTimings(const std::vector<LayerTiming>& timings, const NetworkConfig& network);
  QString summary() const;
  // Percent of the network's mult-adds and of its measured time in layers of `type`; the
  // time is 0 until a timed pass of the network shown has arrived.
  double multAddPercent(LayerType type) const;
  double timePercent(LayerType type) const;
  bool timed() const { return timed_; }

 signals:
  void measureRequested();

 private:
  void rebuild();

  QCustomPlot* plot_;
  QCPBars* multAddShare_;
  QCPBars* timeShare_;
  QLabel* summary_;
  NetworkCost cost_;
  std::vector<LayerTiming> timings_;
  NetworkConfig timedNetwork_;
  std::map<LayerType, std::pair<double, double>> byType_;  // (mult-add %, time %)
  bool timed_ = false;
};

}  // namespace mnl::ui
