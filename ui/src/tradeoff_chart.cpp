// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/tradeoff_chart.h"

#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <map>
#include <vector>
#include <qcustomplot.h>

#include "mnl/cost_model.h"
#include "mnl/latency_sweep.h"
#include "mnl/paper.h"
#include "mnl/ui/chart_export.h"
#include "mnl/ui/chart_style.h"
#include "mnl/ui/chart_theme.h"
#include "mnl/ui/formatting.h"

namespace mnl::ui {

namespace {
double millionMultAdds(double alpha, int resolution, ConvMode conv) {
  return computeCost({alpha, resolution, 1000, conv}).multAdds / 1e6;
}

std::optional<double> gridTop1(double alpha, int resolution) {
  return publishedTop1({alpha, resolution, 1000, ConvMode::Separable});
}
}  // namespace

std::optional<double> estimatedTop1(const NetworkConfig& config, bool* exact) {
  if (exact) *exact = false;
  if (auto exactValue = publishedTop1({config.alpha, config.resolution, 1000, config.conv})) {
    if (exact) *exact = true;
    return exactValue;
  }
  if (config.conv == ConvMode::Standard) return std::nullopt;
  std::vector<double> alphas(paper::pretrainedAlphas().begin(), paper::pretrainedAlphas().end());
  std::vector<int> sizes(paper::paperResolutions().begin(), paper::paperResolutions().end());
  std::sort(alphas.begin(), alphas.end());
  std::sort(sizes.begin(), sizes.end());
  const double a = config.alpha;
  const int r = config.resolution;
  if (a < alphas.front() - 1e-9 || a > alphas.back() + 1e-9 || r < sizes.front() ||
      r > sizes.back())
    return std::nullopt;
  // The grid cell around (α, r), then bilinear weights.
  std::size_t i = 0, j = 0;
  while (i + 2 < alphas.size() && a > alphas[i + 1]) ++i;
  while (j + 2 < sizes.size() && r > sizes[j + 1]) ++j;
  const double fa = (a - alphas[i]) / (alphas[i + 1] - alphas[i]);
  const double fr = static_cast<double>(r - sizes[j]) / (sizes[j + 1] - sizes[j]);
  const auto v = [&](std::size_t ai, std::size_t rj) {
    return gridTop1(alphas[ai], sizes[rj]).value_or(0.0);
  };
  return (1 - fa) * (1 - fr) * v(i, j) + fa * (1 - fr) * v(i + 1, j) + (1 - fa) * fr * v(i, j + 1) +
         fa * fr * v(i + 1, j + 1);
}

TradeoffChart::TradeoffChart(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot), caption_(new QLabel) {
  setObjectName(QStringLiteral("tradeoffChart"));
  caption_->setObjectName(QStringLiteral("tradeoffCaption"));
  caption_->setWordWrap(true);
  QCPAxis* x = plot_->xAxis;
  QCPAxis* y = plot_->yAxis;
  makeLogAxis(x);
  x->setLabel(tr("million mult-adds (log)"));
  y->setLabel(tr("ImageNet top-1 (%)"));
  x->setRange(8, 7000);
  y->setRange(38, 74);

  std::vector<QCPGraph*> alphaCurves;
  for (double alpha : paper::pretrainedAlphas()) {
    auto* graph = plot_->addGraph();
    std::vector<int> sizes(paper::paperResolutions().begin(), paper::paperResolutions().end());
    std::sort(sizes.begin(), sizes.end());
    for (int size : sizes)
      if (auto top1 = gridTop1(alpha, size))
        graph->addData(millionMultAdds(alpha, size, ConvMode::Separable), *top1);
    alphaCurves.push_back(graph);
    graph->setName(QStringLiteral("\u03b1 %1, 128\u2192224").arg(formatAlpha(alpha)));
  }
  // The paper's Conv MobileNet (Table 4): the same accuracy ballpark at ~8.6× the cost.
  QCPGraph* standard = nullptr;
  if (auto row = paper::findRow(1.0, 224, ConvMode::Standard)) {
    auto* graph = standard = plot_->addGraph();
    graph->addData(millionMultAdds(1.0, 224, ConvMode::Standard), row->top1Percent);
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setName(tr("standard-conv 1.0/224 (Table 4)"));
  }
  current_ = plot_->addGraph();
  current_->setLineStyle(QCPGraph::lsNone);
  current_->setName(tr("this setting"));
  formatSpread_ = new QCPErrorBars(plot_->xAxis, plot_->yAxis);
  formatSpread_->setDataPlottable(current_);
  formatSpread_->setErrorType(QCPErrorBars::etValueError);
  formatSpread_->removeFromLegend();
  currentLine_ = new QCPItemStraightLine(plot_);
  currentText_ = new QCPItemText(plot_);
  currentText_->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
  QFont bold = font();
  bold.setBold(true);
  currentText_->setFont(bold);

  plot_->legend->setVisible(true);
  plot_->legend->setFont(QFont(font().family(), std::max(7, font().pointSize() - 1)));
  plot_->legend->setRowSpacing(-3);
  // The legend gets its own row below the axes, three entries wide: inside them it covered
  // the curves once the chart was small (a 1280×720 window).
  plot_->legend->setWrap(3);
  plot_->legend->setFillOrder(QCPLegend::foColumnsFirst);  // and rearranges what is there
  plot_->legend->setBorderPen(Qt::NoPen);
  plot_->legend->setMargins(QMargins(2, 0, 2, 0));
  plot_->axisRect()->insetLayout()->take(plot_->legend);
  plot_->axisRect()->insetLayout()->simplify();
  plot_->plotLayout()->addElement(1, 0, plot_->legend);
  plot_->plotLayout()->setRowSpacing(0);
  plot_->plotLayout()->setRowStretchFactor(1, 0.001);

  followPaletteInChart(plot_, [this, alphaCurves, standard](const Theme& theme) {
    for (std::size_t i = 0; i < alphaCurves.size(); ++i) {
      const QColor c = theme.alphaCurve[i % 4];
      alphaCurves[i]->setPen(QPen(c, 1.5));
      alphaCurves[i]->setScatterStyle(QCPScatterStyle(alphaMark(i), c, c, 7));
    }
    if (standard)
      standard->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, theme.neutralMark,
                                                mix(theme.neutralMark, theme.base, 0.4), 8));
    current_->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssStar, QPen(theme.accent, 2.5), Qt::NoBrush, 18));
    currentLine_->setPen(QPen(theme.accent, 1, Qt::DashLine));
    formatSpread_->setPen(QPen(theme.accent, 2));
    formatSpread_->setWhiskerWidth(12);
    currentText_->setColor(theme.accent);
  });
  addSaveMenu(plot_, QStringLiteral("mobilenet-lab-tradeoff"));
  plot_->setAccessibleName(tr("Paper trade-off chart"));
  plot_->setAccessibleDescription(
      tr("ImageNet top-1 accuracy against million mult-adds for the paper's networks, with "
         "this setting marked by a star; context menu: save the chart."));
  caption_->setAccessibleDescription(tr("This setting's cost and published accuracy"));

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  // Its title is its dock's: "Paper trade-off: accuracy against cost".
  layout->addWidget(plot_, 1);
  layout->addWidget(caption_);
  setNetwork(NetworkConfig{});
}

QString TradeoffChart::caption() const {
  return caption_->text();
}

std::optional<double> TradeoffChart::formatSpread() const {
  if (formatSpread_->dataCount() == 0) return std::nullopt;
  return formatSpread_->data()->at(0).errorPlus;
}

void TradeoffChart::setNetwork(const NetworkConfig& config) {
  config_ = config;
  redraw();
}

void TradeoffChart::setPrecisionCheck(const std::optional<PrecisionCheck>& check) {
  const bool counted = check && check->precision != Precision::Float32 && check->checked > 0;
  check_ = counted ? check : std::nullopt;
  redraw();
}

void TradeoffChart::redraw() {
  const NetworkConfig& config = config_;
  const double m = millionMultAdds(config.alpha, config.resolution, config.conv);
  bool exact = false;
  const std::optional<double> top1 = estimatedTop1(config, &exact);
  current_->data()->clear();
  formatSpread_->data()->clear();
  currentLine_->point1->setCoords(m, 0);
  currentLine_->point2->setCoords(m, 1);
  const QString name =
      QStringLiteral("%1/%2").arg(formatAlpha(config.alpha)).arg(config.resolution);
  if (top1) {
    current_->addData(m, *top1);
    currentText_->position->setCoords(m * 1.12, *top1 + 0.6);
    currentText_->setText(exact ? name : name + QStringLiteral(" \u2248"));
    caption_->setText(exact ? tr("%1: %2 %, %3 mult-adds (published)")
                                  .arg(name)
                                  .arg(*top1, 0, 'f', 1)
                                  .arg(formatCount(m * 1e6))
                            : tr("%1: \u2248%2 % (interpolated between published points), %3 "
                                 "mult-adds")
                                  .arg(name)
                                  .arg(*top1, 0, 'f', 1)
                                  .arg(formatCount(m * 1e6)));
    // A picture whose top-1 the format changes can turn a right answer wrong or a wrong one
    // right: on pictures that flip as often as the checked frames, the format's top-1 lies
    // within that share of fp32's (which the paper measured), either way.
    if (check_) {
      const double flipped = 100.0 * (check_->checked - check_->agreeing) / check_->checked;
      formatSpread_->setData(QVector<double>{flipped});
      caption_->setText(caption_->text() + QStringLiteral("\n") +
                        tr("%1 kept fp32's top-1 on %2 of %3 checked frames: on pictures that "
                           "flip as often, its top-1 is within %4 points of fp32's (the bar)")
                            .arg(QString::fromLatin1(nameOf(check_->precision)))
                            .arg(check_->agreeing)
                            .arg(check_->checked)
                            .arg(flipped, 0, 'f', 1));
    }
  } else {
    currentText_->position->setCoords(m * 1.12, 72.5);
    currentText_->setText(name);
    caption_->setText(tr("%1: %2 mult-adds; the paper publishes no accuracy for this setting")
                          .arg(name)
                          .arg(formatCount(m * 1e6)));
  }
  caption_->setAccessibleName(caption_->text());
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace mnl::ui
