// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/layer_cost_chart.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "mnl/ui/chart_export.h"
#include "mnl/ui/chart_theme.h"
#include "mnl/ui/formatting.h"

namespace mnl::ui {

namespace {
constexpr LayerType kTypes[] = {LayerType::Conv, LayerType::Depthwise, LayerType::Pointwise,
                                LayerType::Pool, LayerType::FullyConnected};

QString typeName(LayerType type) {
  switch (type) {
    case LayerType::Conv: return QObject::tr("standard conv");
    case LayerType::Depthwise: return QObject::tr("depthwise 3\u00d73");
    case LayerType::Pointwise: return QObject::tr("pointwise 1\u00d71");
    case LayerType::Pool: return QObject::tr("avg pool");
    case LayerType::FullyConnected: return QObject::tr("fully connected");
  }
  return {};
}

QCPItemRect* makeHighlight(QCustomPlot* plot, QCPAxisRect* rect) {
  auto* item = new QCPItemRect(plot);
  item->setClipAxisRect(rect);
  for (QCPItemPosition* position : {item->topLeft, item->bottomRight}) {
    position->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    position->setAxisRect(rect);
    position->setTypeX(QCPItemPosition::ptPlotCoords);
    position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  }
  item->topLeft->setCoords(-10, 0);
  item->bottomRight->setCoords(-9, 1);
  item->setLayer(QStringLiteral("background"));
  return item;
}
}  // namespace

LayerCostChart::LayerCostChart(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot), log_(new QCheckBox(tr("log scale"))) {
  setObjectName(QStringLiteral("layerCostChart"));
  plot_->setObjectName(QStringLiteral("layerCostPlot"));
  top_ = plot_->axisRect();
  bottom_ = new QCPAxisRect(plot_);
  plot_->plotLayout()->addElement(1, 0, bottom_);
  auto* margins = new QCPMarginGroup(plot_);
  top_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
  bottom_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
  plot_->plotLayout()->setRowStretchFactor(0, 1.3);
  plot_->plotLayout()->setRowStretchFactor(1, 1.0);
  top_->axis(QCPAxis::atLeft)->setLabel(tr("mult-adds (M)"));
  bottom_->axis(QCPAxis::atLeft)->setLabel(tr("params (M)"));
  top_->axis(QCPAxis::atBottom)->setTickLabels(false);
  for (QCPAxisRect* rect : {top_, bottom_}) {
    rect->axis(QCPAxis::atBottom)->grid()->setVisible(false);
    rect->axis(QCPAxis::atBottom)->setTicker(QSharedPointer<QCPAxisTickerText>::create());
  }
  bottom_->axis(QCPAxis::atBottom)->setTickLabelRotation(60);
  for (LayerType type : kTypes) {
    for (auto [rect, bars] : {std::pair{top_, &multAddBars_}, std::pair{bottom_, &paramBars_}}) {
      auto* b = new QCPBars(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
      b->setWidth(0.75);
      b->setPen(Qt::NoPen);
      b->setName(typeName(type));
      if (rect == bottom_) b->removeFromLegend();
      (*bars)[type] = b;
    }
  }
  // The legend gets its own row above the bars, where it hides none of them.
  plot_->legend->setVisible(true);
  plot_->legend->setFont(QFont(font().family(), std::max(7, font().pointSize() - 1)));
  plot_->legend->setWrap(3);  // five in a row made the chart's room too wide for a laptop
  plot_->legend->setFillOrder(QCPLegend::foColumnsFirst);  // and rearranges what is there
  plot_->legend->setBorderPen(Qt::NoPen);
  plot_->legend->setMargins(QMargins(2, 0, 2, 0));
  top_->insetLayout()->take(plot_->legend);
  top_->insetLayout()->simplify();
  plot_->plotLayout()->insertRow(0);
  plot_->plotLayout()->addElement(0, 0, plot_->legend);
  plot_->plotLayout()->setRowSpacing(0);
  plot_->plotLayout()->setRowStretchFactor(0, 0.001);
  topHighlight_ = makeHighlight(plot_, top_);
  bottomHighlight_ = makeHighlight(plot_, bottom_);
  // The reduced format's error per layer, on the top chart's right axis, shown while one runs.
  errors_ = plot_->addGraph(top_->axis(QCPAxis::atBottom), top_->axis(QCPAxis::atRight));
  errors_->setLineStyle(QCPGraph::lsLine);
  errors_->removeFromLegend();
  top_->axis(QCPAxis::atRight)->setTickLabels(true);
  // One hue per layer type, the same in every chart (Theme::layerType); the tick labels name
  // each layer, so the colour is never the only thing that tells the types apart.
  followPaletteInChart(plot_, [this](const Theme& theme) {
    for (LayerType type : kTypes)
      for (QCPBars* bars : {multAddBars_[type], paramBars_[type]})
        bars->setBrush(theme.layerType(type));
    QColor fill = theme.selection;
    fill.setAlpha(theme.dark ? 70 : 90);
    for (QCPItemRect* item : {topHighlight_, bottomHighlight_}) {
      item->setPen(QPen(theme.selection, 1.5));
      item->setBrush(fill);
    }
    errors_->setPen(QPen(theme.accent, 2));
    errors_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, theme.accent, 5));
  });
  addSaveMenu(plot_, QStringLiteral("mobilenet-lab-layer-cost"));
  plot_->setAccessibleName(tr("Cost per layer chart"));
  plot_->setAccessibleDescription(
      tr("Bars of mult-adds (top) and parameters (bottom) for every layer, coloured by layer "
         "type. Click a bar to look inside that layer; context menu: save the chart."));
  connect(plot_, &QCustomPlot::mousePress, this, &LayerCostChart::onMousePress);
  // Hovering a bar names the layer and its cost, so a student can read every bar.
  connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
    const LayerCost* layer = cost_.find(layerAt(event->pos()));
    if (!layer) {
      QToolTip::hideText();
      return;
    }
    const Shape& out = layer->layer.output;
    QToolTip::showText(event->globalPosition().toPoint(),
                       tr("<b>%1</b> %2\u00d7%3\u00d7%4<br>%5 mult-adds (%6)<br>%7 params")
                           .arg(QString::fromStdString(layer->layer.name))
                           .arg(out.height)
                           .arg(out.width)
                           .arg(out.channels)
                           .arg(formatCount(static_cast<double>(layer->multAdds)))
                           .arg(formatPercent(cost_.multAdds > 0 ? static_cast<double>(
                                                                       layer->multAdds) /
                                                                       cost_.multAdds
                                                                 : 0.0))
                           .arg(formatCount(static_cast<double>(layer->weights))),
                       plot_);
  });

  auto* header = new QHBoxLayout;
  header->addWidget(new QLabel(tr("Cost per layer \u2014 click a bar to look inside that layer")));
  header->addStretch(1);
  header->addWidget(log_);
  log_->setAccessibleName(tr("log scale for layer costs"));
  log_->setAccessibleDescription(tr("Shows the layer costs on a logarithmic axis"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(header);
  layout->addWidget(plot_, 1);
  connect(log_, &QCheckBox::toggled, this, [this] { rebuild(); });
  setNetwork(NetworkConfig{});
}

void LayerCostChart::setLayerErrors(const std::vector<std::pair<std::string, double>>& errors,
                                    const QString& format) {
  layerErrors_ = errors;
  QCPAxis* right = top_->axis(QCPAxis::atRight);
  right->setVisible(!errors.empty());
  right->setLabel(errors.empty() ? QString() : tr("error %"));
  if (errors.empty())
    errors_->removeFromLegend();
  else
    errors_->addToLegend();  // once: a second call finds it there
  errors_->setName(tr("%1 error vs fp32").arg(format));
  rebuild();
}

int LayerCostChart::layerErrorCount() const { return errors_->dataCount(); }

void LayerCostChart::setLogarithmic(bool logarithmic) {
  log_->setChecked(logarithmic);
}

void LayerCostChart::setNetwork(const NetworkConfig& config) {
  cost_ = computeCost(config);
  names_.clear();
  for (const LayerCost& layer : cost_.layers) names_.push_back(layer.layer.name);
  rebuild();
}

void LayerCostChart::setSelectedLayer(const std::string& layer) {
  selected_ = layer;
  const auto it = std::find(names_.begin(), names_.end(), layer);
  const double x = it == names_.end() ? -10 : static_cast<double>(it - names_.begin());
  for (QCPItemRect* item : {topHighlight_, bottomHighlight_}) {
    item->topLeft->setCoords(x - 0.5, 0);
    item->bottomRight->setCoords(x + 0.5, 1);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LayerCostChart::rebuild() {
  const bool logarithmic = log_->isChecked();
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  double maxMultAdds = 0, maxParams = 0;
  std::map<LayerType, QVector<double>> keys, multAdds, params, paramKeys;
  for (std::size_t i = 0; i < cost_.layers.size(); ++i) {
    const LayerCost& layer = cost_.layers[i];
    ticker->addTick(static_cast<double>(i), QString::fromStdString(layer.layer.name));
    const double m = layer.multAdds / 1e6, p = layer.weights / 1e6;
    // A log axis has no place for zero (pooling): leave those bars out.
    if (!logarithmic || m > 0) {
      keys[layer.layer.type].append(static_cast<double>(i));
      multAdds[layer.layer.type].append(m);
    }
    if (!logarithmic || p > 0) {
      paramKeys[layer.layer.type].append(static_cast<double>(i));
      params[layer.layer.type].append(p);
    }
    maxMultAdds = std::max(maxMultAdds, m);
    maxParams = std::max(maxParams, p);
  }
  bottom_->axis(QCPAxis::atBottom)->setTicker(ticker);
  for (LayerType type : kTypes) {
    multAddBars_[type]->setData(keys[type], multAdds[type], true);
    paramBars_[type]->setData(paramKeys[type], params[type], true);
    // On a log axis bars grow from the bottom of the range, not from zero.
    multAddBars_[type]->setBaseValue(logarithmic ? 1e-4 : 0);
    paramBars_[type]->setBaseValue(logarithmic ? 1e-5 : 0);
  }
  // The error line at its layers' places (layers the network no longer has are left out).
  QVector<double> errorKeys, errorValues;
  double maxError = 0;
  for (const auto& [name, error] : layerErrors_) {
    const auto it = std::find(names_.begin(), names_.end(), name);
    if (it == names_.end()) continue;
    errorKeys.append(static_cast<double>(it - names_.begin()));
    errorValues.append(100 * error);
    maxError = std::max(maxError, 100 * error);
  }
  errors_->setData(errorKeys, errorValues, true);
  top_->axis(QCPAxis::atRight)->setRange(0, std::max(maxError * 1.1, 1.0));
  const double n = static_cast<double>(cost_.layers.size());
  for (auto [rect, top, floor] :
       {std::tuple{top_, maxMultAdds, 1e-4}, std::tuple{bottom_, maxParams, 1e-5}}) {
    rect->axis(QCPAxis::atBottom)->setRange(-0.7, n - 0.3);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    if (logarithmic) {
      y->setScaleType(QCPAxis::stLogarithmic);
      y->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
      y->setNumberFormat(QStringLiteral("gb"));
      y->setRange(floor, std::max(top * 3, floor * 10));
    } else {
      y->setScaleType(QCPAxis::stLinear);
      y->setTicker(QSharedPointer<QCPAxisTicker>::create());
      y->setNumberFormat(QStringLiteral("g"));
      y->setRange(0, std::max(top * 1.08, 1e-3));
    }
  }
  setSelectedLayer(selected_);
}

std::string LayerCostChart::layerAt(const QPoint& position) const {
  for (QCPAxisRect* rect : {top_, bottom_}) {
    if (!rect->rect().contains(position)) continue;
    const double x = rect->axis(QCPAxis::atBottom)->pixelToCoord(position.x());
    const long index = std::lround(x);
    if (index >= 0 && index < static_cast<long>(names_.size()) && std::abs(x - index) <= 0.5)
      return names_[static_cast<std::size_t>(index)];
  }
  return {};
}

QPoint LayerCostChart::barCentre(const std::string& layer) const {
  const auto it = std::find(names_.begin(), names_.end(), layer);
  if (it == names_.end()) return {};
  const double x =
      top_->axis(QCPAxis::atBottom)->coordToPixel(static_cast<double>(it - names_.begin()));
  return {static_cast<int>(std::lround(x)), top_->rect().center().y()};
}

void LayerCostChart::onMousePress(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;  // the right button opens the save menu
  const std::string layer = layerAt(event->pos());
  if (!layer.empty()) emit layerClicked(QString::fromStdString(layer));
}

}  // namespace mnl::ui
