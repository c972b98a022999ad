// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The bottom line: compute device, the weights in use (bundled file, user file or untrained),
// the network's speed and the current warning in words a person understands.

#include <QElapsedTimer>
#include <QStatusBar>
#include <deque>
#include <utility>
#include <vector>

#include "mnl/inference_result.h"

class QLabel;

namespace mnl::ui {

class StatusBar : public QStatusBar {
  Q_OBJECT
 public:
  explicit StatusBar(QWidget* parent = nullptr);
  void setDevice(const DeviceInfo& device);
  void setModel(const ModelInfo& model);
  // What a warning is about. Each topic keeps its latest warning until something of the same
  // kind succeeds (clearWarning): a source that opens clears a source that failed, a shown
  // result clears a failed inference, a saved file a failed save. The line shows the most
  // recent warning still standing (an older one comes back when a newer one clears); its
  // tooltip lists them all.
  enum class Topic { Device, Engine, Source, Layer, File, Settings };
  // An empty text clears the topic's warning.
  void setWarning(Topic topic, const QString& text);
  void clearWarning(Topic topic);
  // One shown result: its forward time and the frame rate. The line shows the median forward
  // time of the last kSpeedWindow results (what `mobilenet-lab-cli bench` reports, so the two
  // can be compared) and the frame rate, redrawn at most four times a second to stay readable.
  // fps 0: a still frame.
  // `threads`: the CPU threads the network ran with; fewer than the device's (other programs
  // keep the cores busy: cpu_load.h) is said on the line.
  void setSpeed(double forwardMs, double fps, int threads = 0);
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
  int deviceThreads_ = 0;  // CPU threads the device line names; 0 on CUDA
  QElapsedTimer sinceSpeedShown_;
  QLabel* warning_;
  std::vector<std::pair<Topic, QString>> warnings_;  // oldest first
  bool trained_ = true;
  void recolour();
  void describeAll();
};

}  // namespace mnl::ui
