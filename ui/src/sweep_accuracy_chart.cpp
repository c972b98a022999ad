// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/sweep_accuracy_chart.h"

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <map>
#include <qcustomplot.h>

#include "mnl/ui/chart_export.h"
#include "mnl/ui/chart_style.h"
#include "mnl/ui/chart_theme.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/tradeoff_chart.h"

namespace mnl::ui {

namespace {
QString networkName(const NetworkConfig& n) {
  return QStringLiteral("%1/%2").arg(formatAlpha(n.alpha)).arg(n.resolution);
}
}  // namespace

SweepAccuracyChart::SweepAccuracyChart(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot) {
  setObjectName(QStringLiteral("sweepAccuracyChart"));
  plot_->setObjectName(QStringLiteral("Top-1 against measured latency"));
  QCPAxis* x = plot_->xAxis;
  makeLogAxis(x);
  x->setLabel(tr("measured median latency per run, ms (log)"));
  plot_->yAxis->setLabel(tr("ImageNet top-1 (%), paper"));

  choice_ = plot_->addGraph();
  choice_->setLineStyle(QCPGraph::lsNone);
  choice_->setName(tr("best within the budget"));
  current_ = addSettingStar(plot_, tr("this setting"));
  budgetLine_ = new QCPItemStraightLine(plot_);
  currentText_ = addSettingLabel(plot_);
  // The lines climb from fast and inaccurate to slow and accurate: top left stays empty.
  placeLegend(plot_, Qt::AlignTop | Qt::AlignLeft);
  followPaletteInChart(plot_, [this](const Theme& theme) {
    theme_ = theme;
    colourSeries();
  });
  addSaveMenu(plot_, QStringLiteral("mobilenet-lab-your-machine"));

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_, 1);
  redraw();
}

int SweepAccuracyChart::pointCount() const {
  int count = 0;
  for (const QCPGraph* graph : alphaLines_) count += graph->dataCount();
  return count;
}

int SweepAccuracyChart::yourPointCount() const {
  int count = 0;
  for (const QCPGraph* graph : yourLines_) count += graph->dataCount();
  return count;
}

void SweepAccuracyChart::setYourAccuracy(const std::vector<SweepRow>& rows, bool chooseByYours) {
  yourRows_ = rows;
  chooseByYours_ = chooseByYours;
  redraw();
}

void SweepAccuracyChart::setResult(const SweepResult& result) {
  result_ = result;
  redraw();
}

void SweepAccuracyChart::setCurrent(const NetworkConfig& network) {
  network_ = network;
  redraw();
}

void SweepAccuracyChart::setBudget(const std::optional<LatencyBudget>& budget) {
  budget_ = budget;
  redraw();
}

void SweepAccuracyChart::colourSeries() {
  for (std::size_t i = 0; i < alphaLines_.size(); ++i) {
    const QColor c = theme_.alphaCurve[i % 4];
    alphaLines_[i]->setPen(QPen(c, 1.5));
    alphaLines_[i]->setScatterStyle(QCPScatterStyle(alphaMark(i), c, c, 7));
  }
  // The person's own: the same colour and mark per α, dashed and hollow.
  for (std::size_t i = 0; i < yourLines_.size(); ++i) {
    const QColor c = theme_.alphaCurve[i % 4];
    yourLines_[i]->setPen(QPen(c, 1.5, Qt::DashLine));
    yourLines_[i]->setScatterStyle(QCPScatterStyle(alphaMark(i), QPen(c, 1.5), Qt::NoBrush, 8));
  }
  choice_->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(theme_.good, 3), Qt::NoBrush, 22));
  budgetLine_->setPen(QPen(theme_.good, 1.5, Qt::DashLine));
  current_->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssStar, QPen(theme_.accent, 2.5), Qt::NoBrush, 18));
  currentText_->setColor(theme_.accent);
}

namespace {

// One line per α of `rows` (those with a top-1), from the smallest input to the largest, the
// widest α first (the rows come in grid order). Widens the ranges to hold them.
std::vector<QCPGraph*> addAlphaLines(QCustomPlot* plot, const std::vector<SweepRow>& rows,
                                     const QString& nameSuffix, double& lowMs, double& highMs,
                                     double& lowTop1, double& highTop1) {
  std::map<double, std::vector<const SweepRow*>, std::greater<>> byAlpha;
  for (const SweepRow& row : rows) {
    if (!row.top1 || row.samples < 1) continue;
    byAlpha[row.network.alpha].push_back(&row);
    lowMs = std::min(lowMs, row.medianMs);
    highMs = std::max(highMs, row.medianMs);
    lowTop1 = std::min(lowTop1, *row.top1);
    highTop1 = std::max(highTop1, *row.top1);
  }
  std::vector<QCPGraph*> lines;
  for (auto& [alpha, alphaRows] : byAlpha) {
    std::sort(alphaRows.begin(), alphaRows.end(), [](const SweepRow* a, const SweepRow* b) {
      return a->network.resolution < b->network.resolution;
    });
    QCPGraph* graph = plot->addGraph();
    graph->setLineStyle(QCPGraph::lsLine);
    // Points in resolution order, not sorted by latency: a line per α, as the paper draws it.
    QVector<double> keys, values;
    for (const SweepRow* row : alphaRows) {
      keys << row->medianMs;
      values << *row->top1;
    }
    graph->setData(keys, values, true);
    graph->setAdaptiveSampling(false);
    graph->setName(QStringLiteral("\u03b1 %1").arg(formatAlpha(alpha)) + nameSuffix);
    lines.push_back(graph);
  }
  return lines;
}

}  // namespace

void SweepAccuracyChart::redraw() {
  for (QCPGraph* graph : alphaLines_) plot_->removeGraph(graph);
  for (QCPGraph* graph : yourLines_) plot_->removeGraph(graph);
  double lowMs = 1e9, highMs = 0, lowTop1 = 100, highTop1 = 0;
  alphaLines_ = addAlphaLines(plot_, result_.rows, QString(), lowMs, highMs, lowTop1, highTop1);
  yourLines_ = addAlphaLines(plot_, yourRows_, tr(", your classes"), lowMs, highMs, lowTop1,
                             highTop1);
  // The paper's lines climb from bottom left to top right; the person's, mostly high, fill the
  // top: the legend goes where neither is.
  placeLegend(plot_, yourLines_.empty() ? Qt::AlignTop | Qt::AlignLeft
                                        : Qt::AlignBottom | Qt::AlignRight);
  plot_->yAxis->setLabel(yourLines_.empty()
                             ? tr("ImageNet top-1 (%), paper")
                             : tr("top-1 (%): the paper's ImageNet, yours held out"));
  colourSeries();
  // Marks above the lines.
  plot_->legend->clearItems();
  for (QCPGraph* graph : alphaLines_) graph->addToLegend();
  for (QCPGraph* graph : yourLines_) graph->addToLegend();
  choice_->addToLegend();
  current_->addToLegend();

  // The budget and the network chosen for it.
  choice_->data()->clear();
  chosen_.reset();
  budgetLine_->setVisible(budget_.has_value());
  if (budget_) {
    budgetLine_->point1->setCoords(budget_->ms, 0);
    budgetLine_->point2->setCoords(budget_->ms, 1);
    const std::vector<SweepRow>& candidates =
        chooseByYours_ && !yourRows_.empty() ? yourRows_ : result_.rows;
    if (const auto index = chooseForBudget(candidates, *budget_)) {
      const SweepRow& row = candidates[*index];
      choice_->addData(row.medianMs, *row.top1);
      chosen_ = row.network;
    }
  }

  // The network on the controls.
  current_->data()->clear();
  currentText_->setVisible(false);
  const auto own = std::find_if(result_.rows.begin(), result_.rows.end(),
                                [&](const SweepRow& r) { return r.network == network_; });
  bool exact = false;
  const std::optional<double> top1 = estimatedTop1(network_, &exact);
  std::optional<double> ms;
  bool measured = false;
  if (own != result_.rows.end() && own->samples > 0) {
    ms = own->medianMs;
    measured = true;
  } else if (const auto fit = fitLatency(result_.rows)) {
    ms = fit->interceptMs + fit->msPerMillionMultAdds * costedRow(network_).multAdds / 1e6;
  }
  if (top1 && ms && *ms > 0) {
    current_->addData(*ms, *top1);
    currentText_->position->setCoords(*ms * 1.08, *top1 + 0.6);
    currentText_->setText(measured && exact ? networkName(network_)
                                            : networkName(network_) + QStringLiteral(" \u2248"));
    currentText_->setVisible(true);
    lowMs = std::min(lowMs, *ms);
    highMs = std::max(highMs, *ms);
  }

  if (highMs > 0) {
    // A budget near the points is shown; one far off them would squash them to a corner.
    if (budget_ && budget_->ms > lowMs / 10 && budget_->ms < highMs * 10) {
      lowMs = std::min(lowMs, budget_->ms);
      highMs = std::max(highMs, budget_->ms);
    }
    plot_->xAxis->setRange(lowMs / 1.5, highMs * 1.6);
    plot_->yAxis->setRange(std::min(lowTop1, 100.0) - 4, std::max(highTop1, 0.0) + 3);
  } else {
    plot_->xAxis->setRange(0.5, 100);
    plot_->yAxis->setRange(38, 74);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace mnl::ui
