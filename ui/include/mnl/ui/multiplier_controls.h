// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The two hyper-parameters of the paper and the convolution switch: width multiplier α
// (steps of 0.01, the four trained widths marked, optional snapping), input resolution (steps
// of 16, the paper's four marked, ρ shown), both within window_network_range.h, and
// separable/standard.
// Every step emits networkChanged at once: cost readouts follow it in the same frame, and the
// inference thread coalesces the stream into one rebuild.

#include <QWidget>

#include "mnl/architecture.h"
#include "mnl/ui/window_network_range.h"

class QCheckBox;
class QLabel;
class QRadioButton;
class QSlider;

namespace mnl::ui {

class MarkedSlider;

class MultiplierControls : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kMinResolution = window_range::kMinResolution;
  static constexpr int kMaxResolution = window_range::kMaxResolution;
  static constexpr int kResolutionStep = window_range::kResolutionStep;

  explicit MultiplierControls(QWidget* parent = nullptr);

  NetworkConfig network() const;
  // Moves the controls to `config` (α rounded to 0.01, resolution to the nearest step of 16).
  void setNetwork(const NetworkConfig& config);
  void setSnap(bool snap);
  bool snap() const;
  // A user's own model has one α, its classes and separable convolutions: the controls move
  // there and α and the conv mode lock (the resolution stays free) until unlock().
  // `name` is what the hint under the sliders calls the model.
  void lockToUserModel(const NetworkConfig& config, const QString& name);
  void unlock();
  bool locked() const { return !userModel_.isEmpty(); }

  // The widgets themselves, for tests that drive them like a person would.
  QSlider* alphaSlider() const;
  QSlider* resolutionSlider() const;
  QRadioButton* separableButton() const { return separable_; }
  QRadioButton* standardButton() const { return standard_; }

 signals:
  void networkChanged(const mnl::NetworkConfig& config);

 private:
  void onAlphaMoved(int value);
  void refresh();
  void colourWeightsHint();

  MarkedSlider* alpha_;
  MarkedSlider* resolution_;
  QLabel* alphaLabel_;
  QLabel* resolutionLabel_;
  QLabel* weightsHint_;
  QCheckBox* snap_;
  QRadioButton* separable_;
  QRadioButton* standard_;
  int classes_ = 1000;
  QString userModel_;  // non-empty while a user's model is loaded
  bool updating_ = false;
  bool trained_ = true;
};

}  // namespace mnl::ui
