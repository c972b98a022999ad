// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/saliency_controls.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

#include "mnl/ui/accessible_text.h"

namespace mnl::ui {

SaliencyControls::SaliencyControls(QWidget* parent)
    : QWidget(parent), method_(new QComboBox), layer_(new QComboBox), rate_(new QLabel) {
  setObjectName(QStringLiteral("saliencyControls"));
  method_->setObjectName(QStringLiteral("saliencyMethod"));
  layer_->setObjectName(QStringLiteral("saliencyLayer"));
  rate_->setObjectName(QStringLiteral("saliencyRate"));
  method_->addItem(tr("off"), int(SaliencyMethod::Off));
  method_->addItem(tr("CAM"), int(SaliencyMethod::Cam));
  method_->addItem(tr("Grad-CAM"), int(SaliencyMethod::GradCam));
  method_->setToolTip(
      tr("Where the network looks for the class: CAM weighs the last layer's channels by the "
         "classifier's weights (exact, every frame); Grad-CAM weighs any layer's channels by "
         "the class score's gradient (a backward pass, as often as the frame rate allows). "
         "Click a row of the predictions to explain that class instead of the top one."));
  layer_->setToolTip(tr("Layer of the map (CAM: the last layer only)"));
  describeRate();
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(new QLabel(tr("Saliency:")));
  layout->addWidget(method_);
  layout->addWidget(layer_);
  layout->addStretch(1);
  connect(method_, &QComboBox::currentIndexChanged, this, [this] {
    refreshLayerBox();
    Q_EMIT requestChanged();
  });
  connect(layer_, &QComboBox::currentIndexChanged, this, [this] {
    const std::string layer = layer_->currentText().toStdString();
    chosenLayer_ = layer == lastConvolution(network_) ? std::string() : layer;
    Q_EMIT requestChanged();
  });
  setNetwork(network_);
}

SaliencyRequest SaliencyControls::request() const {
  SaliencyRequest request;
  request.method = static_cast<SaliencyMethod>(method_->currentData().toInt());
  // CAM is exact at the last layer only: the layer box shows it and asks nothing else.
  request.layer = request.method == SaliencyMethod::GradCam && !chosenLayer_.empty()
                      ? chosenLayer_
                      : lastConvolution(network_);
  return request;
}

void SaliencyControls::setMethod(SaliencyMethod method) {
  method_->setCurrentIndex(method_->findData(int(method)));
}

bool SaliencyControls::setLayer(const std::string& layer) {
  const int index = layer_->findText(QString::fromStdString(layer));
  if (index < 0) return false;
  chosenLayer_ = layer == lastConvolution(network_) ? std::string() : layer;
  refreshLayerBox();
  Q_EMIT requestChanged();
  return true;
}

bool SaliencyControls::apply(const QString& spec) {
  const QStringList parts = spec.split(QLatin1Char(':'));
  if (parts.size() > 2) return false;
  try {
    const SaliencyMethod method = parseSaliencyMethod(parts.front().toStdString());
    if (parts.size() == 2 && method != SaliencyMethod::GradCam) return false;
    setMethod(method);
    return parts.size() < 2 || setLayer(parts.back().toStdString());
  } catch (const std::invalid_argument&) {
    return false;
  }
}

void SaliencyControls::setNetwork(const NetworkConfig& network) {
  network_ = network;
  if (!chosenLayer_.empty()) chosenLayer_ = equivalentLayer(chosenLayer_, network);
  refreshLayerBox();
}

void SaliencyControls::refreshLayerBox() {
  const QSignalBlocker quiet(layer_);
  layer_->clear();
  for (const LayerSpec& spec : buildLayers(network_))
    if (spec.type != LayerType::Pool && spec.type != LayerType::FullyConnected)
      layer_->addItem(QString::fromStdString(spec.name));
  const bool gradCam = request().method == SaliencyMethod::GradCam;
  layer_->setCurrentText(QString::fromStdString(request().layer));
  layer_->setEnabled(gradCam);
  if (request().method == SaliencyMethod::Off) rate_->clear();
  describeRate();
}

void SaliencyControls::describeRate() {
  const SaliencyRequest now = request();
  const QString method = now.method == SaliencyMethod::Off   ? tr("off")
                         : now.method == SaliencyMethod::Cam ? tr("CAM")
                                                             : tr("Grad-CAM");
  describe(method_, tr("saliency map, %1").arg(method),
           tr("Where the network looks for the class: off, CAM (the last layer, every frame) or "
              "Grad-CAM (any layer, as often as the frame rate allows)"));
  describe(layer_, tr("saliency layer, %1").arg(QString::fromStdString(now.layer)),
           tr("The layer the map is made at; CAM: the last layer only"));
  describeReadout(rate_, tr("Saliency updates"), tr("How often the saliency map is made"));
}

void SaliencyControls::showRate(const InferenceResult& result, double fps) {
  if (!result.saliency || result.saliencyInterval <= 0) {
    rate_->setText(
        result.saliencyProblem.empty()
            ? QString()
            : tr("no saliency map: %1").arg(QString::fromStdString(result.saliencyProblem)));
    describeRate();
    return;
  }
  const SaliencyMap& map = *result.saliency;
  const QString method = map.method == SaliencyMethod::Cam ? tr("CAM") : tr("Grad-CAM");
  const int every = result.saliencyInterval;
  QString how = every == 1 ? tr("every frame") : tr("every %1 frames").arg(every);
  if (fps > 0) how += tr(" (%1 maps/s)").arg(fps / every, 0, 'f', fps / every >= 10 ? 0 : 1);
  rate_->setText(tr("%1 at %2 updates %3, %4 ms each")
                     .arg(method, QString::fromStdString(map.layer), how)
                     .arg(map.milliseconds, 0, 'f', map.milliseconds < 1 ? 2 : 1));
  describeRate();
}

}  // namespace mnl::ui
