// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The bottom line: compute device, the weights in use (bundled file, user file or untrained),
// the network's speed and the current warning in words a person understands.

#include <QElapsedTimer>
#include <QStatusBar>
#include <deque>

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
  // One shown result: its forward time and the frame rate. The line shows the median forward
  // time of the last kSpeedWindow results (what `mobilenet-lab-cli bench` reports, so the two
  // can be compared) and the frame rate, redrawn at most four times a second to stay readable.
  // fps 0: a still frame.
  void setSpeed(double forwardMs, double fps);
  static constexpr std::size_t kSpeedWindow = 31;
  QString deviceText() const;
  QString weightsText() const;
  QString warningText() const;
  QString speedText() const;

 private:
  QLabel* device_;
  QLabel* weights_;
  QLabel* speed_;
  std::deque<double> forwardMs_;
  QElapsedTimer sinceSpeedShown_;
  QLabel* warning_;
};

}  // namespace mnl::ui
