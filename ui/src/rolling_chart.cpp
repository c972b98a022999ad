// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/rolling_chart.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

namespace mnl::ui {

RollingChart::RollingChart(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot) {
  setObjectName(QStringLiteral("rollingChart"));
  forward_ = plot_->addGraph(plot_->xAxis, plot_->yAxis);
  endToEnd_ = plot_->addGraph(plot_->xAxis, plot_->yAxis);
  fps_ = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
  forward_->setName(tr("network (ms)"));
  endToEnd_->setName(tr("capture \u2192 screen (ms)"));
  fps_->setName(tr("frame rate (FPS, right axis)"));
  forward_->setPen(QPen(QColor(0x00, 0x89, 0x7b), 1.5));
  endToEnd_->setPen(QPen(QColor(0x5c, 0x6b, 0xc0), 1.5));
  fps_->setPen(QPen(QColor(0xd8, 0x43, 0x15), 1.5));
  // Dots as well as lines: a still frame re-run on a slider move gives lone samples.
  for (QCPGraph* graph : {forward_, endToEnd_, fps_})
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
  plot_->xAxis->setLabel(tr("seconds"));
  plot_->yAxis->setLabel(tr("latency (ms)"));
  plot_->yAxis2->setLabel(tr("FPS"));
  plot_->yAxis2->setVisible(true);
  plot_->legend->setVisible(true);
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
  plot_->xAxis->setRange(-kWindowSeconds, 0);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  clock_.start();
}

int RollingChart::sampleCount() const {
  return forward_->dataCount();
}

void RollingChart::addSample(double forwardMs, double endToEndMs, double fps) {
  const double t = clock_.elapsed() / 1000.0;
  forward_->addData(t, forwardMs);
  endToEnd_->addData(t, endToEndMs);
  fps_->addData(t, fps);
  for (QCPGraph* graph : {forward_, endToEnd_, fps_})
    graph->data()->removeBefore(t - kWindowSeconds);
  // Redrawing at every frame of a fast GPU would cost more than the chart is worth.
  if (clock_.elapsed() - lastReplotMs_ < 200) return;
  lastReplotMs_ = clock_.elapsed();
  plot_->xAxis->setRange(t - kWindowSeconds, t);
  bool found = false;
  const QCPRange latency = endToEnd_->data()->valueRange(found);
  const QCPRange network = forward_->data()->valueRange(found);
  plot_->yAxis->setRange(0, std::max({latency.upper, network.upper, 1.0}) * 1.15);
  const QCPRange rate = fps_->data()->valueRange(found);
  plot_->yAxis2->setRange(0, std::max(rate.upper, 1.0) * 1.15);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace mnl::ui
