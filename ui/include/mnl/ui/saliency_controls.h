// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Saliency control over the live view: off, CAM or Grad-CAM, and the layer (the last one
// by default; CAM is defined there only). The class is not chosen here: it is the top-1 or
// the row the person clicked in the prediction list (PredictionBars). Also the status-bar
// line that says how often the map updates.

#include <QWidget>

#include "mnl/architecture.h"
#include "mnl/inference_result.h"
#include "mnl/saliency.h"

class QComboBox;
class QLabel;

namespace mnl::ui {

class SaliencyControls : public QWidget {
  Q_OBJECT
 public:
  explicit SaliencyControls(QWidget* parent = nullptr);

  // The request without its class (classIndex −1).
  SaliencyRequest request() const;
  void setMethod(SaliencyMethod method);
  // A layer of the current network (its convolutions); anything else keeps the current one.
  // Returns whether it was taken.
  bool setLayer(const std::string& layer);
  // "cam", "gradcam" or "gradcam:LAYER" (the window's --saliency). False if not understood.
  bool apply(const QString& spec);
  // The layer list follows the network; the chosen layer stays where it stood (pw5 ↔ conv5).
  void setNetwork(const NetworkConfig& network);

  // The status-bar line: how often the map updates, from the shown result and frame rate.
  QLabel* rateLabel() const { return rate_; }
  void showRate(const InferenceResult& result, double fps);

 Q_SIGNALS:
  void requestChanged();

 private:
  // The accessible names carry the current method, layer and update rate.
  void describeRate();
  void refreshLayerBox();

  QComboBox* method_;
  QComboBox* layer_;
  QLabel* rate_;
  NetworkConfig network_;
  std::string chosenLayer_;  // empty: the last convolution
};

}  // namespace mnl::ui
