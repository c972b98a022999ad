// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/cost_panel.h"

#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabWidget>
#include <QTabBar>
#include <QVBoxLayout>

#include "mnl/ui/accessible_text.h"

#include "mnl/ui/latency_share_chart.h"
#include "mnl/ui/layer_cost_chart.h"
#include "mnl/ui/rolling_chart.h"
#include "mnl/ui/separable_comparison.h"
#include "mnl/ui/totals_panel.h"
#include "mnl/ui/tradeoff_chart.h"

namespace mnl::ui {

CostPanel::CostPanel(QObject* parent)
    : QObject(parent),
      tabs_(new QTabWidget),
      layers_(new LayerCostChart),
      latency_(new LatencyShareChart),
      rolling_(new RollingChart),
      tradeoff_(new TradeoffChart),
      totals_(new TotalsPanel),
      separable_(new SeparableComparison),
      totalsRoom_(new QScrollArea) {
  setObjectName(QStringLiteral("costPanel"));
  tabs_->addTab(layers_, tr("Cost per layer"));
  tabs_->addTab(latency_, tr("Measured time vs mult-adds"));
  tabs_->addTab(rolling_, tr("Latency && FPS"));
  describe(tabs_, tr("cost charts"),
           tr("Cost per layer, measured time against mult-adds, latency and frame rate"));
  describeTabBar(tabs_->tabBar(), tr("cost charts"), tabs_->accessibleDescription());

  auto* totals = new QWidget;
  totals->setObjectName(QStringLiteral("totalsRoom"));
  auto* totalsLayout = new QVBoxLayout(totals);
  totalsLayout->setContentsMargins(0, 0, 0, 0);
  totalsLayout->addWidget(totals_);
  totalsLayout->addWidget(separable_);
  totalsLayout->addStretch(1);
  totalsRoom_->setWidget(totals);
  totalsRoom_->setWidgetResizable(true);
  totalsRoom_->setFrameShape(QFrame::NoFrame);
  // Narrower than one big number: it scrolls sideways rather than cut the number.
  totalsRoom_->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  totalsRoom_->viewport()->installEventFilter(this);
  describe(totalsRoom_, tr("totals"),
           tr("Mult-adds, parameters, activation memory, latency and frame rate"));
  describe(totalsRoom_->verticalScrollBar(), tr("scroll the totals"),
           tr("Scrolls the totals up and down"));
  describe(totalsRoom_->horizontalScrollBar(), tr("scroll the totals sideways"),
           tr("Scrolls the totals left and right"));

  connect(layers_, &LayerCostChart::layerClicked, this, &CostPanel::layerClicked);
  connect(latency_, &LatencyShareChart::measureRequested, this, &CostPanel::measureRequested);
}

bool CostPanel::eventFilter(QObject* watched, QEvent* event) {
  if (watched == totalsRoom_->viewport() && event->type() == QEvent::Resize)
    totals_->fitWidth(static_cast<QResizeEvent*>(event)->size().width());
  return QObject::eventFilter(watched, event);
}

QWidget* CostPanel::chartsRoom() const {
  return tabs_;
}

QWidget* CostPanel::tradeoffRoom() const {
  return tradeoff_;
}

void CostPanel::setNetwork(const NetworkConfig& config) {
  layers_->setNetwork(config);
  latency_->setNetwork(config);
  tradeoff_->setNetwork(config);
  totals_->setNetwork(config);
  separable_->setNetwork(config);
}

void CostPanel::setSelectedLayer(const std::string& layer) {
  layers_->setSelectedLayer(layer);
}

void CostPanel::setTimings(const std::vector<LayerTiming>& timings, const NetworkConfig& network) {
  latency_->setTimings(timings, network);
}

void CostPanel::setPrecisionCheck(const std::optional<PrecisionCheck>& check) {
  std::optional<std::pair<Precision, long long>> key;
  // A check's layer errors change only when a new check runs (every few frames).
  if (check) key = std::pair{check->precision, check->sequence};
  if (key == drawnCheck_) return;
  drawnCheck_ = key;
  tradeoff_->setPrecisionCheck(check);
  if (check)
    layers_->setLayerErrors(check->layerErrors, QString::fromLatin1(nameOf(check->precision)));
  else
    layers_->setLayerErrors({}, {});
}

void CostPanel::addLiveSample(double forwardMs, double endToEndMs, double fps) {
  totals_->setLive(forwardMs, endToEndMs, fps);
  rolling_->addSample(forwardMs, endToEndMs, fps);
}

}  // namespace mnl::ui
