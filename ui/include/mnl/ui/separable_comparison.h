// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The paper's central claim for the current (α, ρ): the same network built from standard 3×3
// convolutions against depthwise separable ones, mult-adds and parameters side by side.

#include <QWidget>

#include "mnl/cost_model.h"

namespace mnl::ui {

class SeparableComparison : public QWidget {
  Q_OBJECT
 public:
  explicit SeparableComparison(QWidget* parent = nullptr);
  void setNetwork(const NetworkConfig& config);
  const NetworkCost& separable() const { return separable_; }
  const NetworkCost& standard() const { return standard_; }
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  NetworkCost separable_;
  NetworkCost standard_;
  ConvMode current_ = ConvMode::Separable;
};

}  // namespace mnl::ui
