// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/multiplier_controls.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>
#include <QSlider>
#include <cmath>

#include "mnl/model_catalog.h"
#include "mnl/paper.h"
#include "mnl/ui/accessible_text.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/marked_slider.h"
#include "mnl/ui/theme.h"

namespace mnl::ui {

namespace {
constexpr int kAlphaScale = 100;  // slider units per 1.0 of α

QLabel* bigLabel() {
  auto* label = new QLabel;
  QFont font = label->font();
  font.setPointSizeF(font.pointSizeF() * 1.5);
  font.setBold(true);
  label->setFont(font);
  label->setMinimumWidth(
      QFontMetrics(font).horizontalAdvance(QStringLiteral("320 px  \u03c1 1.429")));
  return label;
}
}  // namespace

MultiplierControls::MultiplierControls(QWidget* parent)
    : QWidget(parent),
      alpha_(new MarkedSlider),
      resolution_(new MarkedSlider),
      alphaLabel_(bigLabel()),
      resolutionLabel_(bigLabel()),
      weightsHint_(new QLabel),
      snap_(new QCheckBox(tr("snap to trained widths"))),
      separable_(new QRadioButton(tr("depthwise separable"))),
      standard_(new QRadioButton(tr("standard 3\u00d73"))) {
  alphaLabel_->setObjectName(QStringLiteral("alphaValue"));
  resolutionLabel_->setObjectName(QStringLiteral("resolutionValue"));
  alpha_->slider()->setObjectName(QStringLiteral("alphaSlider"));
  resolution_->slider()->setObjectName(QStringLiteral("resolutionSlider"));

  QSlider* a = alpha_->slider();
  a->setRange(static_cast<int>(std::lround(window_range::kMinAlpha * kAlphaScale)),
              static_cast<int>(std::lround(window_range::kMaxAlpha * kAlphaScale)));
  a->setSingleStep(1);
  a->setPageStep(5);
  a->setToolTip(
      tr("Width multiplier \u03b1: every layer keeps \u03b1 of its channels, so cost "
         "falls roughly with \u03b1\u00b2"));
  QList<QPair<int, QString>> alphaMarks;
  for (double value : paper::pretrainedAlphas())
    alphaMarks.append({static_cast<int>(std::lround(value * kAlphaScale)), formatAlpha(value)});
  alpha_->setMarks(alphaMarks);

  QSlider* r = resolution_->slider();
  r->setRange(0, (kMaxResolution - kMinResolution) / kResolutionStep);
  r->setSingleStep(1);
  r->setPageStep(2);
  r->setToolTip(tr("Input resolution: cost falls with \u03c1\u00b2, \u03c1 = size / 224"));
  QList<QPair<int, QString>> resolutionMarks;
  for (int size : paper::paperResolutions())
    resolutionMarks.append({(size - kMinResolution) / kResolutionStep, QString::number(size)});
  resolution_->setMarks(resolutionMarks);

  auto* group = new QButtonGroup(this);
  group->addButton(separable_);
  group->addButton(standard_);
  separable_->setChecked(true);
  separable_->setToolTip(tr("MobileNet: a 3\u00d73 depthwise conv then a 1\u00d71 pointwise conv"));
  standard_->setToolTip(tr("The paper's \"Conv MobileNet\": one full 3\u00d73 conv per block"));
  weightsHint_->setObjectName(QStringLiteral("weightsHint"));
  scaleFont(weightsHint_, 0.9);
  // Trained or not is said in words (✔ trained weights / random): the colour only repeats it.
  followPalette(weightsHint_, [this] { colourWeightsHint(); });
  describe(snap_, tr("snap to trained widths"),
           tr("Moves \u03b1 to the nearest width that has trained weights"));
  describe(separable_, tr("depthwise separable convolutions"), separable_->toolTip());
  describe(standard_, tr("standard 3\u00d73 convolutions"), standard_->toolTip());

  auto* layout = new QGridLayout(this);
  layout->setContentsMargins(6, 2, 6, 2);
  layout->setHorizontalSpacing(10);
  layout->setVerticalSpacing(0);
  auto* alphaTitle = new QLabel(tr("width \u03b1"));
  auto* sizeTitle = new QLabel(tr("input size"));
  layout->addWidget(alphaTitle, 0, 0);
  layout->addWidget(alpha_, 0, 1);
  layout->addWidget(alphaLabel_, 0, 2);
  layout->addWidget(sizeTitle, 0, 3);
  layout->addWidget(resolution_, 0, 4);
  layout->addWidget(resolutionLabel_, 0, 5);
  auto* modes = new QVBoxLayout;
  modes->setSpacing(0);
  modes->addWidget(separable_);
  modes->addWidget(standard_);
  layout->addLayout(modes, 0, 6);
  auto* hints = new QHBoxLayout;
  hints->addWidget(snap_);
  hints->addStretch(1);
  layout->addLayout(hints, 1, 1);
  layout->addWidget(weightsHint_, 1, 4, 1, 3);
  layout->setColumnStretch(1, 3);
  layout->setColumnStretch(4, 3);

  connect(a, &QSlider::valueChanged, this, &MultiplierControls::onAlphaMoved);
  connect(r, &QSlider::valueChanged, this, &MultiplierControls::refresh);
  connect(separable_, &QRadioButton::toggled, this, &MultiplierControls::refresh);
  connect(snap_, &QCheckBox::toggled, this, [this] { onAlphaMoved(alpha_->slider()->value()); });

  setNetwork(NetworkConfig{});
}

QSlider* MultiplierControls::alphaSlider() const {
  return alpha_->slider();
}
QSlider* MultiplierControls::resolutionSlider() const {
  return resolution_->slider();
}

NetworkConfig MultiplierControls::network() const {
  NetworkConfig config;
  config.alpha = alpha_->slider()->value() / static_cast<double>(kAlphaScale);
  config.resolution = kMinResolution + resolution_->slider()->value() * kResolutionStep;
  config.conv = standard_->isChecked() ? ConvMode::Standard : ConvMode::Separable;
  config.classes = classes_;
  return config;
}

void MultiplierControls::setNetwork(const NetworkConfig& config) {
  updating_ = true;
  classes_ = config.classes;
  alpha_->slider()->setValue(static_cast<int>(std::lround(config.alpha * kAlphaScale)));
  resolution_->slider()->setValue(static_cast<int>(
      std::lround((config.resolution - kMinResolution) / static_cast<double>(kResolutionStep))));
  (config.conv == ConvMode::Standard ? standard_ : separable_)->setChecked(true);
  updating_ = false;
  refresh();
}

void MultiplierControls::lockToUserModel(const NetworkConfig& config, const QString& name) {
  userModel_ = name;
  NetworkConfig locked = network();
  locked.alpha = config.alpha;
  locked.classes = config.classes;
  locked.conv = ConvMode::Separable;
  for (QWidget* control : std::initializer_list<QWidget*>{alpha_, snap_, separable_, standard_})
    control->setEnabled(false);
  setNetwork(locked);
}

void MultiplierControls::unlock() {
  if (userModel_.isEmpty()) return;
  userModel_.clear();
  classes_ = 1000;  // what the controls start with, before any user model
  for (QWidget* control : std::initializer_list<QWidget*>{alpha_, snap_, separable_, standard_})
    control->setEnabled(true);
  refresh();
}

void MultiplierControls::setSnap(bool snap) {
  snap_->setChecked(snap);
}
bool MultiplierControls::snap() const {
  return snap_->isChecked();
}

void MultiplierControls::onAlphaMoved(int value) {
  if (snap_->isChecked()) {
    // Nearest trained width; setValue re-enters with the snapped value.
    int best = value;
    int bestDistance = 1000;
    for (double trained : paper::pretrainedAlphas()) {
      const int candidate = static_cast<int>(std::lround(trained * kAlphaScale));
      if (std::abs(candidate - value) < bestDistance) {
        bestDistance = std::abs(candidate - value);
        best = candidate;
      }
    }
    if (best != value) {
      alpha_->slider()->setValue(best);
      return;
    }
  }
  refresh();
}

void MultiplierControls::refresh() {
  if (updating_) return;
  const NetworkConfig config = network();
  alphaLabel_->setText(QStringLiteral("\u03b1 ") + formatAlpha(config.alpha));
  resolutionLabel_->setText(
      QStringLiteral("%1 px  \u03c1 %2").arg(config.resolution).arg(formatRho(config.resolution)));
  const std::optional<BundledModel> bundled =
      bundledModelFor(config.alpha, config.resolution, config.conv);
  if (!userModel_.isEmpty()) {
    weightsHint_->setText(tr("\u2714 your model: %1 (\u03b1 fixed by the file, %2 classes)")
                              .arg(userModel_)
                              .arg(config.classes));
  } else if (bundled) {
    weightsHint_->setText(tr("\u2714 trained weights: %1 (trained at %2 px)")
                              .arg(QString::fromStdString(bundled->file))
                              .arg(bundled->nativeResolution));
  } else {
    weightsHint_->setText(config.conv == ConvMode::Standard
                              ? tr("no trained weights for standard convolutions: random")
                              : tr("no trained weights at \u03b1 %1: random, labels mean nothing")
                                    .arg(formatAlpha(config.alpha)));
  }
  trained_ = bundled.has_value();
  colourWeightsHint();
  describe(alpha_->slider(), tr("width multiplier \u03b1, %1").arg(formatAlpha(config.alpha)),
           alpha_->slider()->toolTip());
  describe(resolution_->slider(),
           tr("input size, %1 pixels, \u03c1 %2")
               .arg(config.resolution)
               .arg(formatRho(config.resolution)),
           resolution_->slider()->toolTip());
  describeReadout(alphaLabel_, tr("width multiplier"), tr("The width multiplier \u03b1 in use"));
  describeReadout(resolutionLabel_, tr("input size"),
                  tr("The input resolution and \u03c1, its ratio to 224"));
  describeReadout(weightsHint_, tr("weights"),
                  tr("Whether this setting runs with trained or random weights"));
  emit networkChanged(config);
}

}  // namespace mnl::ui

namespace mnl::ui {

void MultiplierControls::colourWeightsHint() {
  // A user's model: the accent ("this one is yours"); else trained or random. From the theme
  // alone, so a palette switch recolours it (a fixed style sheet here once stopped both).
  const Theme theme = themeFor(palette());
  setTextColour(weightsHint_, !userModel_.isEmpty() ? theme.accent
                              : trained_              ? theme.good
                                                      : theme.bad);
}

}  // namespace mnl::ui
