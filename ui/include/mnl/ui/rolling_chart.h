// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The last 30 seconds of latency (network and end to end, ms) and frame rate (FPS).

#include <QElapsedTimer>
#include <QWidget>

class QCustomPlot;
class QCPGraph;

namespace mnl::ui {

class RollingChart : public QWidget {
  Q_OBJECT
 public:
  static constexpr double kWindowSeconds = 30.0;
  explicit RollingChart(QWidget* parent = nullptr);
  void addSample(double forwardMs, double endToEndMs, double fps);

 private:
  QCustomPlot* plot_;
  QCPGraph* forward_;
  QCPGraph* endToEnd_;
  QCPGraph* fps_;
  QElapsedTimer clock_;
  qint64 lastReplotMs_ = -1000;
};

}  // namespace mnl::ui
