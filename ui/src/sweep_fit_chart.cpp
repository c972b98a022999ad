// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/sweep_fit_chart.h"

#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <map>
#include <qcustomplot.h>

#include "mnl/ui/chart_export.h"
#include "mnl/ui/chart_style.h"
#include "mnl/ui/chart_theme.h"
#include "mnl/ui/formatting.h"

namespace mnl::ui {

SweepFitChart::SweepFitChart(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot), caption_(new QLabel) {
  setObjectName(QStringLiteral("sweepFitChart"));
  plot_->setObjectName(QStringLiteral("Measured latency against mult-adds"));
  caption_->setObjectName(QStringLiteral("sweepFitCaption"));
  caption_->setWordWrap(true);
  plot_->xAxis->setLabel(tr("million mult-adds"));
  plot_->yAxis->setLabel(tr("measured median latency per run, ms"));
  line_ = plot_->addGraph();
  line_->setName(tr("least-squares line"));
  current_ = new QCPItemStraightLine(plot_);
  placeLegend(plot_, Qt::AlignTop | Qt::AlignLeft);
  followPaletteInChart(plot_, [this](const Theme& theme) {
    theme_ = theme;
    colourSeries();
  });
  addSaveMenu(plot_, QStringLiteral("mobilenet-lab-latency-fit"));

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_, 1);
  layout->addWidget(caption_);
  setResult({});
}

int SweepFitChart::pointCount() const {
  int count = 0;
  for (const QCPGraph* graph : alphaPoints_) count += graph->dataCount();
  return count;
}

QString SweepFitChart::fitText() const {
  return caption_->text();
}

void SweepFitChart::setResult(const SweepResult& result) {
  for (QCPGraph* graph : alphaPoints_) plot_->removeGraph(graph);
  alphaPoints_.clear();
  std::map<double, std::vector<const SweepRow*>, std::greater<>> byAlpha;
  double highX = 0, highY = 0;
  for (const SweepRow& row : result.rows) {
    if (row.samples < 1) continue;
    byAlpha[row.network.alpha].push_back(&row);
    highX = std::max(highX, row.multAdds / 1e6);
    highY = std::max(highY, row.medianMs);
  }
  for (const auto& [alpha, rows] : byAlpha) {
    QCPGraph* graph = plot_->addGraph();
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setName(QStringLiteral("\u03b1 %1").arg(formatAlpha(alpha)));
    for (const SweepRow* row : rows) graph->addData(row->multAdds / 1e6, row->medianMs);
    alphaPoints_.push_back(graph);
  }
  colourSeries();
  line_->data()->clear();
  const std::optional<LatencyFit> fit = fitLatency(result.rows);
  if (fit) {
    // From zero mult-adds, so the intercept shows where the line meets the time axis.
    const double end = highX * 1.08;
    line_->addData(0, fit->interceptMs);
    line_->addData(end, fit->interceptMs + fit->msPerMillionMultAdds * end);
    caption_->setText(tr("Line: %1 fixed + %2 per 100 M mult-adds. The fixed part is what a frame "
                         "costs whatever the network's arithmetic.")
                          .arg(formatMs(fit->interceptMs), formatMs(100 * fit->msPerMillionMultAdds)));
    const QString tip =
        tr("Least-squares line through the measured medians. Its intercept, %1, is the fixed "
           "cost per frame: launching each layer, memory traffic that does not shrink with the "
           "network, waiting for the result. A network half the mult-adds is not half the time.")
            .arg(formatMs(fit->interceptMs));
    plot_->setToolTip(tip);
    caption_->setToolTip(tip);
    highY = std::max(highY, fit->interceptMs);
  } else {
    caption_->setText(result.rows.empty() ? QString()
                                          : tr("A line needs points of two sizes or more."));
    plot_->setToolTip({});
    caption_->setToolTip({});
  }
  plot_->xAxis->setRange(0, highX > 0 ? highX * 1.1 : 600);
  plot_->yAxis->setRange(std::min(0.0, fit ? fit->interceptMs * 1.1 : 0.0),
                         highY > 0 ? highY * 1.15 : 30);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void SweepFitChart::colourSeries() {
  for (std::size_t i = 0; i < alphaPoints_.size(); ++i) {
    const QColor c = theme_.alphaCurve[i % 4];
    alphaPoints_[i]->setScatterStyle(QCPScatterStyle(alphaMark(i), c, c, 7));
  }
  line_->setPen(QPen(theme_.neutralMark, 1.5, Qt::DashLine));
  current_->setPen(QPen(theme_.accent, 1, Qt::DashLine));
}

void SweepFitChart::setCurrent(const NetworkConfig& network) {
  const double x = costedRow(network).multAdds / 1e6;
  current_->point1->setCoords(x, 0);
  current_->point2->setCoords(x, 1);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace mnl::ui
