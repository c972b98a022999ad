// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/feature_map_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>
#include <utility>

#include "mnl/cost_model.h"
#include "mnl/ui/channel_detail.h"
#include "mnl/ui/accessible_text.h"
#include "mnl/ui/formatting.h"

namespace mnl::ui {

namespace {
QString typeText(const LayerSpec& layer) {
  switch (layer.type) {
    case LayerType::Conv:
      return QStringLiteral("standard conv %1\u00d7%1, stride %2")
          .arg(layer.kernel)
          .arg(layer.stride);
    case LayerType::Depthwise:
      return QStringLiteral("depthwise %1\u00d7%1, stride %2").arg(layer.kernel).arg(layer.stride);
    case LayerType::Pointwise: return QStringLiteral("pointwise 1\u00d71");
    case LayerType::Pool: return QStringLiteral("global average pool");
    case LayerType::FullyConnected: return QStringLiteral("fully connected");
  }
  return {};
}
}  // namespace

FeatureMapView::FeatureMapView(QWidget* parent)
    : QWidget(parent),
      layers_(new QComboBox),
      normalisation_(new QComboBox),
      previous_(new QToolButton),
      next_(new QToolButton),
      pageLabel_(new QLabel),
      info_(new QLabel),
      grid_(new FeatureGrid),
      detail_(new ChannelDetail) {
  setObjectName(QStringLiteral("featureMapView"));
  layers_->setObjectName(QStringLiteral("layerPicker"));
  layers_->setMaxVisibleItems(30);
  layers_->setToolTip(
      tr("Layer to look inside (also: click its bar in the cost chart, "
         "[ and ])"));
  normalisation_->addItem(tr("per channel"));
  normalisation_->addItem(tr("per layer"));
  normalisation_->setToolTip(
      tr("Per channel: each map uses its own min\u2026max. Per layer: "
         "one scale for all, so weak channels look dark."));
  previous_->setArrowType(Qt::LeftArrow);
  next_->setArrowType(Qt::RightArrow);
  previous_->setToolTip(tr("Previous page of channels"));
  next_->setToolTip(tr("Next page of channels"));
  info_->setObjectName(QStringLiteral("layerInfo"));
  info_->setWordWrap(true);
  pageLabel_->setObjectName(QStringLiteral("pageLabel"));
  describe(normalisation_, tr("scale: per channel"), normalisation_->toolTip());
  describe(previous_, tr("previous page of channels"), tr("Page Up in the grid does the same"));
  describe(next_, tr("next page of channels"), tr("Page Down in the grid does the same"));

  auto* header = new QHBoxLayout;
  header->addWidget(new QLabel(tr("Layer")));  // "Feature maps" is its dock's title
  header->addWidget(layers_);
  header->addSpacing(8);
  header->addWidget(new QLabel(tr("scale")));
  header->addWidget(normalisation_);
  header->addStretch(1);
  header->addWidget(previous_);
  header->addWidget(pageLabel_);
  header->addWidget(next_);

  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->setObjectName(QStringLiteral("featureSplitter"));
  splitter->addWidget(grid_);
  splitter->addWidget(detail_);
  splitter->setStretchFactor(0, 5);
  splitter->setStretchFactor(1, 2);
  detail_->setMinimumWidth(230);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(header);
  layout->addWidget(info_);
  layout->addWidget(splitter, 1);

  connect(layers_, &QComboBox::currentIndexChanged, this, [this](int index) {
    if (filling_ || index < 0) return;
    selectLayer(layers_->itemData(index).toString().toStdString());
  });
  connect(normalisation_, &QComboBox::currentIndexChanged, this, [this](int index) {
    grid_->setNormalisation(index == 1 ? Normalisation::PerLayer : Normalisation::PerChannel);
    describe(normalisation_, tr("scale: %1").arg(normalisation_->currentText()),
             normalisation_->toolTip());
    selectChannel(channel_);
  });
  connect(previous_, &QToolButton::clicked, this, [this] { setPage(page_ - 1); });
  connect(next_, &QToolButton::clicked, this, [this] { setPage(page_ + 1); });
  connect(grid_, &FeatureGrid::channelClicked, this, &FeatureMapView::selectChannel);
  connect(grid_, &FeatureGrid::pageRequested, this, [this](int delta) { setPage(page_ + delta); });
  setNetwork(NetworkConfig{});
}

void FeatureMapView::setNetwork(const NetworkConfig& config) {
  const bool sameLayers = layerNames(config) == layerNames(network_) && layers_->count() > 0;
  network_ = config;
  // Item texts carry the shapes, which change with α and the size even when the names do not.
  filling_ = true;
  if (!sameLayers) layers_->clear();
  const NetworkCost cost = computeCost(config);
  for (std::size_t i = 0; i < cost.layers.size(); ++i) {
    const LayerSpec& spec = cost.layers[i].layer;
    const QString text = QStringLiteral("%1  (%2\u00d7%3\u00d7%4)")
                             .arg(QString::fromStdString(spec.name))
                             .arg(spec.output.height)
                             .arg(spec.output.width)
                             .arg(spec.output.channels);
    if (sameLayers)
      layers_->setItemText(static_cast<int>(i), text);
    else
      layers_->addItem(text, QString::fromStdString(spec.name));
  }
  filling_ = false;
  const std::string layer = equivalentLayer(layer_, config);
  if (layer != layer_) {
    selectLayer(layer);
  } else {
    filling_ = true;
    layers_->setCurrentIndex(layerIndex(layer_, config));
    filling_ = false;
    // The channel count may have changed with α: keep the page inside the layer.
    if (page_ >= pageCount()) setPage(pageCount() - 1);
    refreshInfo();
  }
}

int FeatureMapView::layerChannels() const {
  for (const LayerSpec& spec : buildLayers(network_))
    if (spec.name == layer_) return spec.output.channels;
  return 0;
}

int FeatureMapView::pageCount() const {
  return std::max(1, (layerChannels() + kPageSize - 1) / kPageSize);
}

FeatureMapRequest FeatureMapView::request() const {
  FeatureMapRequest r;
  r.layer = layer_;
  r.firstChannel = page_ * kPageSize;
  r.channelCount = kPageSize;
  r.maxSide = kMaxSide;
  return r;
}

void FeatureMapView::selectLayer(const std::string& layer) {
  const int index = layerIndex(layer, network_);
  if (index < 0) return;
  const bool changed = layer != layer_;
  layer_ = layer;
  filling_ = true;
  layers_->setCurrentIndex(index);
  filling_ = false;
  if (changed) {
    page_ = 0;
    channel_ = 0;
    pickChannel_ = true;
    grid_->clear();
    detail_->clear();
  }
  refreshInfo();
  emitRequest();
  if (changed) emit layerSelected(QString::fromStdString(layer_));
}

void FeatureMapView::nextLayer() {
  const std::vector<std::string> names = layerNames(network_);
  const int index = layerIndex(layer_, network_);
  if (index + 1 < static_cast<int>(names.size()))
    selectLayer(names[static_cast<std::size_t>(index + 1)]);
}

void FeatureMapView::previousLayer() {
  const std::vector<std::string> names = layerNames(network_);
  const int index = layerIndex(layer_, network_);
  if (index > 0) selectLayer(names[static_cast<std::size_t>(index - 1)]);
}

void FeatureMapView::setPage(int page) {
  page = std::clamp(page, 0, pageCount() - 1);
  if (page == page_) {
    refreshInfo();
    return;
  }
  page_ = page;
  channel_ = page_ * kPageSize;
  pickChannel_ = true;
  refreshInfo();
  emitRequest();
}

void FeatureMapView::selectChannel(int channel) {
  channel_ = channel;
  grid_->setSelectedChannel(channel);
  detail_->showChannel(
      result_, channel,
      normalisation_->currentIndex() == 1 ? Normalisation::PerLayer : Normalisation::PerChannel);
}

void FeatureMapView::setResult(std::shared_ptr<const InferenceResult> result) {
  if (!result || !result->featureMaps) return;
  const FeatureMaps& maps = *result->featureMaps;
  // A result asked for before the last layer or page change: keep the grid as it is.
  if (maps.layer != layer_ || maps.firstChannel != page_ * kPageSize) return;
  result_ = std::move(result);
  if (std::exchange(pickChannel_, false) && !maps.stats.empty()) {
    // A new layer or page opens on its most active channel: an all-zero one teaches nothing.
    std::size_t best = 0;
    for (std::size_t i = 1; i < maps.stats.size(); ++i)
      if (maps.stats[i].mean > maps.stats[best].mean) best = i;
    channel_ = maps.firstChannel + static_cast<int>(best);
  }
  grid_->setResult(result_);
  grid_->setSelectedChannel(channel_);
  selectChannel(channel_);
}

void FeatureMapView::refreshInfo() {
  const NetworkCost cost = computeCost(network_);
  const LayerCost* layer = cost.find(layer_);
  if (!layer) {
    info_->clear();
    describeReadout(info_, tr("layer"), tr("The selected layer's shape and cost"));
    return;
  }
  const Shape& out = layer->layer.output;
  const double share = cost.multAdds > 0 ? static_cast<double>(layer->multAdds) / cost.multAdds : 0;
  QString text = QStringLiteral(
                     "<b>%1</b> \u00b7 %2 \u00b7 out %3\u00d7%4\u00d7%5 \u00b7 <b>%6</b> "
                     "mult-adds (%7 of the net) \u00b7 %8 params")
                     .arg(QString::fromStdString(layer_), typeText(layer->layer))
                     .arg(out.height)
                     .arg(out.width)
                     .arg(out.channels)
                     .arg(formatCount(static_cast<double>(layer->multAdds)))
                     .arg(formatPercent(share))
                     .arg(formatCount(static_cast<double>(layer->weights)));
  if (layer->ratioToStandard)
    text += QStringLiteral(" \u00b7 its dw+pw pair costs %1 of a standard 3\u00d73 conv")
                .arg(formatPercent(*layer->ratioToStandard));
  info_->setText(text);
  const int first = page_ * kPageSize;
  const int last = std::min(layerChannels(), first + kPageSize) - 1;
  pageLabel_->setText(tr("channels %1\u2013%2 of %3 \u00b7 page %4/%5")
                          .arg(first)
                          .arg(last)
                          .arg(layerChannels())
                          .arg(page_ + 1)
                          .arg(pageCount()));
  describe(layers_, tr("layer %1").arg(QString::fromStdString(layer_)), layers_->toolTip());
  describeReadout(info_, tr("layer"), tr("The selected layer's shape and cost"));
  describeReadout(pageLabel_, tr("page"), tr("Which of the layer's channels the grid shows"));
  previous_->setEnabled(page_ > 0);
  next_->setEnabled(page_ + 1 < pageCount());
}

QString FeatureMapView::layerInfo() const {
  return info_->text();
}

void FeatureMapView::emitRequest() {
  emit requestChanged(request());
}

}  // namespace mnl::ui
