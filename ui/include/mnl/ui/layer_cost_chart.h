// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Per-layer bars of mult-adds (top) and parameters (bottom), coloured by layer type, linear or
// logarithmic, with the selected layer highlighted. Clicking a bar selects its layer. While a
// reduced number format runs, a line on the right axis of the top chart shows each layer's
// relative error against fp32: where the precision is lost.

#include <QColor>
#include <QWidget>
#include <map>
#include <string>
#include <vector>

#include "mnl/cost_model.h"

class QCheckBox;
class QCustomPlot;
class QCPAxisRect;
class QCPBars;
class QCPGraph;
class QCPItemRect;
class QMouseEvent;

namespace mnl::ui {

class LayerCostChart : public QWidget {
  Q_OBJECT
 public:
  explicit LayerCostChart(QWidget* parent = nullptr);
  void setNetwork(const NetworkConfig& config);
  void setSelectedLayer(const std::string& layer);
  void setLogarithmic(bool logarithmic);
  // Each convolution's relative error against fp32 (PrecisionCheck::layerErrors) in `format`;
  // empty: the line goes.
  void setLayerErrors(const std::vector<std::pair<std::string, double>>& errors,
                      const QString& format);
  // The points of that line (for tests).
  int layerErrorCount() const;
  QCustomPlot* plot() const { return plot_; }
  // Layer under a point of plot(), or "" (for tests and the click handler).
  std::string layerAt(const QPoint& position) const;
  // Centre of a layer's mult-adds bar in plot() coordinates (after a replot).
  QPoint barCentre(const std::string& layer) const;

 signals:
  void layerClicked(const QString& layer);

 private:
  void rebuild();
  void onMousePress(QMouseEvent* event);

  QCustomPlot* plot_;
  QCheckBox* log_;
  QCPAxisRect* top_;
  QCPAxisRect* bottom_;
  std::map<LayerType, QCPBars*> multAddBars_;
  std::map<LayerType, QCPBars*> paramBars_;
  QCPItemRect* topHighlight_;
  QCPItemRect* bottomHighlight_;
  QCPGraph* errors_;
  std::vector<std::pair<std::string, double>> layerErrors_;
  NetworkCost cost_;
  std::vector<std::string> names_;
  std::string selected_;
};

}  // namespace mnl::ui
