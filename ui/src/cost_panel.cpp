// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/cost_panel.h"

#include <QHBoxLayout>
#include <QSplitter>
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

CostPanel::CostPanel(QWidget* parent)
    : QWidget(parent),
      tabs_(new QTabWidget),
      layers_(new LayerCostChart),
      latency_(new LatencyShareChart),
      rolling_(new RollingChart),
      tradeoff_(new TradeoffChart),
      totals_(new TotalsPanel),
      separable_(new SeparableComparison) {
  setObjectName(QStringLiteral("costPanel"));
  tabs_->addTab(layers_, tr("Cost per layer"));
  tabs_->addTab(latency_, tr("Measured time vs mult-adds"));
  tabs_->addTab(rolling_, tr("Latency && FPS"));
  describe(tabs_, tr("cost charts"),
           tr("Cost per layer, measured time against mult-adds, latency and frame rate"));
  describe(tabs_->tabBar(), tr("cost charts"), tabs_->accessibleDescription());

  auto* right = new QWidget;
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(0, 0, 0, 0);
  rightLayout->addWidget(totals_);
  rightLayout->addWidget(separable_);
  rightLayout->addStretch(1);

  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->setObjectName(QStringLiteral("costSplitter"));
  splitter->addWidget(tabs_);
  splitter->addWidget(tradeoff_);
  splitter->addWidget(right);
  splitter->setStretchFactor(0, 5);
  splitter->setStretchFactor(1, 4);
  splitter->setStretchFactor(2, 3);
  splitter->setSizes({640, 500, 420});
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(splitter);

  connect(layers_, &LayerCostChart::layerClicked, this, &CostPanel::layerClicked);
  connect(latency_, &LatencyShareChart::measureRequested, this, &CostPanel::measureRequested);
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

void CostPanel::addLiveSample(double forwardMs, double endToEndMs, double fps) {
  totals_->setLive(forwardMs, endToEndMs, fps);
  rolling_->addSample(forwardMs, endToEndMs, fps);
}

}  // namespace mnl::ui
