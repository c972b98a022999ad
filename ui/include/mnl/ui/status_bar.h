// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The bottom line: compute device, the weights in use (bundled file, user file or untrained)
// and the current warning in words a person understands.

#include <QStatusBar>

#include "mnl/engine.h"

class QLabel;

namespace mnl::ui {

class StatusBar : public QStatusBar {
  Q_OBJECT
 public:
  explicit StatusBar(QWidget* parent = nullptr);
  void setDevice(const DeviceInfo& device);
  void setModel(const ModelInfo& model);
  // An empty text clears the warning.
  void setWarning(const QString& text);
  QString deviceText() const;
  QString weightsText() const;
  QString warningText() const;

 private:
  QLabel* device_;
  QLabel* weights_;
  QLabel* warning_;
};

}  // namespace mnl::ui
