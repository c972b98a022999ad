// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/rolling_chart.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include "mnl/ui/chart_export.h"
#include "mnl/ui/chart_theme.h"

namespace mnl::ui {

RollingChart::RollingChart(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot) {
  setObjectName(QStringLiteral("rollingChart"));
  forward_ = plot_->addGraph(plot_->xAxis, plot_->yAxis);
  endToEnd_ = plot_->addGraph(plot_->xAxis, plot_->yAxis);
  fps_ = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
  forward_->setName(tr("network (ms)"));
  endToEnd_->setName(tr("capture \u2192 screen (ms)"));
  fps_->setName(tr("frame rate (FPS, right axis)"));
  // Marks as well as lines: a still frame re-run on a slider move gives lone samples. Each
  // series has its own mark and dash, so they are told apart without their colours.
  followPaletteInChart(plot_, [this](const Theme& theme) {
    forward_->setPen(QPen(theme.pointwise, 1.5));
    endToEnd_->setPen(QPen(theme.conv, 1.5, Qt::DashLine));
    fps_->setPen(QPen(theme.timeShare, 1.5, Qt::DotLine));
    forward_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
    endToEnd_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 4));
    fps_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, 5));
  });
  addSaveMenu(plot_, QStringLiteral("mobilenet-lab-latency"));
  plot_->setAccessibleName(tr("Latency and frame rate chart"));
  plot_->setAccessibleDescription(
      tr("The last seconds of network time, capture-to-screen time and frame rate; context "
         "menu: save the chart."));
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
