// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The paper's trade-off (Figure 4/5, with TF-slim's 16 checkpoints): ImageNet top-1 against
// mult-adds for α ∈ {1, 0.75, 0.5, 0.25} × {224, 192, 160, 128}, one line per α, and the
// current (α, ρ) on the same axes. Mult-adds come from mnl::computeCost, top-1 from the paper.
// The number format is the third axis: while a reduced one runs, a bar around the current point
// spans what its top-1 can be, given how often it changed fp32's top-1 on the checked frames.

#include <QWidget>
#include <optional>

#include "mnl/architecture.h"
#include "mnl/inference_result.h"

class QCustomPlot;
class QCPErrorBars;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QLabel;

namespace mnl::ui {

// Published top-1 (%) at (α, resolution), bilinear between the 16 grid points; nullopt outside
// α 0.25…1 × 128…224 or in standard mode (except the paper's Conv MobileNet 1.0/224).
std::optional<double> estimatedTop1(const NetworkConfig& config, bool* exact = nullptr);

class TradeoffChart : public QWidget {
  Q_OBJECT
 public:
  explicit TradeoffChart(QWidget* parent = nullptr);
  void setNetwork(const NetworkConfig& config);
  // The running reduced format's check against fp32 (nullopt: fp32 runs, no bar). Redraws:
  // call it when a new check has run, not for every frame (CostPanel does so).
  void setPrecisionCheck(const std::optional<PrecisionCheck>& check);
  QCustomPlot* plot() const { return plot_; }
  QString caption() const;
  // The bar's half-height in top-1 points (the share of checked frames whose top-1 the format
  // changed); nullopt when no bar is drawn.
  std::optional<double> formatSpread() const;

 private:
  QCustomPlot* plot_;
  QLabel* caption_;
  void redraw();

  NetworkConfig config_;
  std::optional<PrecisionCheck> check_;
  QCPGraph* current_;
  QCPErrorBars* formatSpread_;
  QCPItemStraightLine* currentLine_;
  QCPItemText* currentText_;
};

}  // namespace mnl::ui
