// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/latency_share_chart.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextDocumentFragment>
#include <QVBoxLayout>
#include <map>
#include <qcustomplot.h>

#include "mnl/ui/chart_export.h"
#include "mnl/ui/chart_theme.h"
#include "mnl/ui/formatting.h"

namespace mnl::ui {

LatencyShareChart::LatencyShareChart(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot), summary_(new QLabel) {
  setObjectName(QStringLiteral("latencyShareChart"));
  summary_->setObjectName(QStringLiteral("latencySummary"));
  summary_->setWordWrap(true);
  multAddShare_ = new QCPBars(plot_->xAxis, plot_->yAxis);
  timeShare_ = new QCPBars(plot_->xAxis, plot_->yAxis);
  multAddShare_->setName(tr("share of mult-adds (analytic)"));
  timeShare_->setName(tr("share of measured time"));
  multAddShare_->setPen(Qt::NoPen);
  timeShare_->setPen(Qt::NoPen);
  auto* group = new QCPBarsGroup(plot_);
  for (QCPBars* bars : {multAddShare_, timeShare_}) {
    bars->setWidth(0.4);
    bars->setBarsGroup(group);
  }
  plot_->yAxis->setLabel(tr("% of the network"));
  plot_->xAxis->setTickLabelRotation(60);
  plot_->xAxis->grid()->setVisible(false);
  plot_->legend->setVisible(true);
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  // The two bars of a layer also differ by place (analytic left, measured right), so neither
  // reading depends on telling the colours apart.
  followPaletteInChart(plot_, [this](const Theme& theme) {
    multAddShare_->setBrush(theme.multAddShare);
    timeShare_->setBrush(theme.timeShare);
  });
  addSaveMenu(plot_, QStringLiteral("mobilenet-lab-latency-share"));
  plot_->setAccessibleName(tr("Measured time against mult-adds chart"));
  plot_->setAccessibleDescription(
      tr("For every layer, its share of the mult-adds (left bar) and of the measured time "
         "(right bar); context menu: save the chart."));
  summary_->setAccessibleName(tr("measured time summary"));
  summary_->setAccessibleDescription(
      tr("How the measured time splits between depthwise and pointwise layers"));

  auto* measure = new QPushButton(tr("Measure again"));
  measure->setToolTip(tr("Times every layer on the current frame (a separate timed pass)"));
  measure->setAccessibleName(tr("Measure again"));
  measure->setAccessibleDescription(measure->toolTip());
  connect(measure, &QPushButton::clicked, this, &LatencyShareChart::measureRequested);
  auto* header = new QHBoxLayout;
  header->addWidget(summary_, 1);
  header->addWidget(measure);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(header);
  layout->addWidget(plot_, 1);
  setNetwork(NetworkConfig{});
}

QString LatencyShareChart::summary() const {
  return summary_->text();
}

void LatencyShareChart::setNetwork(const NetworkConfig& config) {
  cost_ = computeCost(config);
  rebuild();
}

void LatencyShareChart::setTimings(const std::vector<LayerTiming>& timings,
                                   const NetworkConfig& network) {
  timings_ = timings;
  timedNetwork_ = network;
  rebuild();
}

void LatencyShareChart::rebuild() {
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  QVector<double> keys, multAdds, times;
  const bool timed = !timings_.empty() && timedNetwork_.alpha == cost_.config.alpha &&
                     timedNetwork_.resolution == cost_.config.resolution &&
                     timedNetwork_.conv == cost_.config.conv;
  std::map<std::string, double> msByLayer;
  double totalMs = 0;
  if (timed)
    for (const LayerTiming& t : timings_) {
      msByLayer[t.name] += t.milliseconds;
      totalMs += t.milliseconds;
    }
  std::map<LayerType, std::pair<double, double>> byType;  // (mult-add share, time share)
  for (std::size_t i = 0; i < cost_.layers.size(); ++i) {
    const LayerCost& layer = cost_.layers[i];
    ticker->addTick(static_cast<double>(i), QString::fromStdString(layer.layer.name));
    keys.append(static_cast<double>(i));
    const double m = cost_.multAdds > 0 ? 100.0 * layer.multAdds / cost_.multAdds : 0;
    const auto found = msByLayer.find(layer.layer.name);
    const double t = totalMs > 0 && found != msByLayer.end() ? 100.0 * found->second / totalMs : 0;
    multAdds.append(m);
    times.append(t);
    byType[layer.layer.type].first += m;
    byType[layer.layer.type].second += t;
  }
  plot_->xAxis->setTicker(ticker);
  multAddShare_->setData(keys, multAdds, true);
  timeShare_->setData(keys, times, true);
  plot_->xAxis->setRange(-0.7, keys.size() - 0.3);
  plot_->yAxis->rescale();
  plot_->yAxis->setRangeLower(0);
  plot_->yAxis->setRangeUpper(plot_->yAxis->range().upper * 1.15 + 0.5);
  if (!timed) {
    summary_->setText(tr("Measured time per layer: waiting for a timed pass of this network"));
  } else {
    const auto share = [&](LayerType type) { return byType[type]; };
    const auto dw = share(LayerType::Depthwise), pw = share(LayerType::Pointwise);
    summary_->setText(
        cost_.config.conv == ConvMode::Separable
            ? tr("<b>depthwise</b>: %1 % of mult-adds but <b>%2 % of time</b> \u00b7 "
                 "pointwise: %3 % of mult-adds, %4 % of time \u00b7 total %5")
                  .arg(dw.first, 0, 'f', 1)
                  .arg(dw.second, 0, 'f', 1)
                  .arg(pw.first, 0, 'f', 1)
                  .arg(pw.second, 0, 'f', 1)
                  .arg(formatMs(totalMs))
            : tr("standard convolutions: every layer's time follows its mult-adds more closely "
                 "\u00b7 total %1")
                  .arg(formatMs(totalMs)));
  }
  summary_->setAccessibleName(QTextDocumentFragment::fromHtml(summary_->text()).toPlainText());
  byType_ = byType;
  timed_ = timed;
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

double LatencyShareChart::multAddPercent(LayerType type) const {
  const auto it = byType_.find(type);
  return it == byType_.end() ? 0.0 : it->second.first;
}

double LatencyShareChart::timePercent(LayerType type) const {
  const auto it = byType_.find(type);
  return it == byType_.end() ? 0.0 : it->second.second;
}

}  // namespace mnl::ui
