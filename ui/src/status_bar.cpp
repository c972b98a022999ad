// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/status_bar.h"

#include <QLabel>

namespace mnl::ui {

StatusBar::StatusBar(QWidget* parent)
    : QStatusBar(parent),
      device_(new QLabel(tr("starting the engine\u2026"))),
      weights_(new QLabel),
      warning_(new QLabel) {
  setObjectName(QStringLiteral("statusBar"));
  device_->setObjectName(QStringLiteral("deviceLabel"));
  weights_->setObjectName(QStringLiteral("weightsLabel"));
  warning_->setObjectName(QStringLiteral("warningLabel"));
  warning_->setStyleSheet(QStringLiteral("color: #bf360c; font-weight: bold;"));
  for (QLabel* label : {device_, weights_}) {
    label->setFrameShape(QFrame::StyledPanel);
    label->setContentsMargins(6, 0, 6, 0);
  }
  addWidget(device_);
  addWidget(weights_);
  addWidget(warning_, 1);
}

void StatusBar::setDevice(const DeviceInfo& device) {
  device_->setText(QString::fromStdString(device.describe()));
}

void StatusBar::setModel(const ModelInfo& model) {
  QString text = tr("weights: %1").arg(QString::fromStdString(model.weights));
  if (!model.trained) text += tr(" \u2014 untrained: labels mean nothing");
  weights_->setText(text);
  weights_->setStyleSheet(model.trained ? QString() : QStringLiteral("color: #bf360c;"));
}

void StatusBar::setWarning(const QString& text) {
  warning_->setText(text);
  warning_->setToolTip(text);
}

QString StatusBar::deviceText() const {
  return device_->text();
}
QString StatusBar::weightsText() const {
  return weights_->text();
}
QString StatusBar::warningText() const {
  return warning_->text();
}

}  // namespace mnl::ui
