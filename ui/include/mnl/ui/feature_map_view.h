// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Inside a layer: a layer picker, the layer's shape and cost, the grid of its channels (paged
// for wide layers, per-channel or per-layer normalisation) and one channel enlarged with its
// statistics. It follows the live results and the network the sliders describe.

#include <QWidget>
#include <memory>
#include <string>

#include "mnl/inference_result.h"
#include "mnl/ui/feature_grid.h"

class QComboBox;
class QLabel;
class QToolButton;

namespace mnl::ui {

class ChannelDetail;

class FeatureMapView : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kPageSize = 64;
  static constexpr int kMaxSide = 56;

  explicit FeatureMapView(QWidget* parent = nullptr);

  // The network the sliders describe: refills the layer list, keeping the selected layer (or
  // its counterpart across the separable/standard switch).
  void setNetwork(const NetworkConfig& config);
  void setResult(std::shared_ptr<const InferenceResult> result);

  void selectLayer(const std::string& layer);
  void nextLayer();
  void previousLayer();
  void setPage(int page);
  void selectChannel(int channel);

  std::string layer() const { return layer_; }
  int page() const { return page_; }
  int pageCount() const;
  int layerChannels() const;  // output channels of the selected layer in this network
  FeatureMapRequest request() const;

  FeatureGrid* grid() const { return grid_; }
  ChannelDetail* detail() const { return detail_; }
  QComboBox* layerPicker() const { return layers_; }
  QString layerInfo() const;

 signals:
  // The slice of the network the inference thread should reduce and send.
  void requestChanged(const mnl::FeatureMapRequest& request);
  void layerSelected(const QString& layer);

 private:
  void refreshInfo();
  void emitRequest();

  QComboBox* layers_;
  QComboBox* normalisation_;
  QToolButton* previous_;
  QToolButton* next_;
  QLabel* pageLabel_;
  QLabel* info_;
  FeatureGrid* grid_;
  ChannelDetail* detail_;
  NetworkConfig network_;
  std::string layer_ = "conv0";
  int page_ = 0;
  int channel_ = 0;
  std::shared_ptr<const InferenceResult> result_;
  bool filling_ = false;
  bool pickChannel_ = true;  // choose the most active channel when the next maps arrive
};

}  // namespace mnl::ui

Q_DECLARE_METATYPE(mnl::FeatureMapRequest)
