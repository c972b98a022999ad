// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One channel enlarged, with its statistics on the full-resolution map: min, max, mean, the
// fraction ReLU6 cut to zero and the fraction it capped at 6.

#include <QWidget>
#include <memory>
#include <optional>

#include "mnl/inference_result.h"
#include "mnl/ui/feature_grid.h"

class QLabel;

namespace mnl::ui {

class ChannelDetail : public QWidget {
  Q_OBJECT
 public:
  explicit ChannelDetail(QWidget* parent = nullptr);
  // Shows `channel` (absolute index) of result->featureMaps if that page holds it.
  void showChannel(std::shared_ptr<const InferenceResult> result, int channel,
                   Normalisation normalisation);
  void clear();

  int channel() const { return channel_; }
  std::optional<ChannelStats> stats() const { return stats_; }

 private:
  class Enlarged;
  void describeLabels();
  Enlarged* image_;
  QLabel* title_;
  QLabel* min_;
  QLabel* max_;
  QLabel* mean_;
  QLabel* zeros_;
  QLabel* saturated_;
  int channel_ = -1;
  std::optional<ChannelStats> stats_;
};

}  // namespace mnl::ui
