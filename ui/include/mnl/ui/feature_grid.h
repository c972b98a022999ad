// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One page of a layer's channels as a grid of small images in a colour map. The maps arrive
// already reduced by the inference thread; this widget only colours and lays them out.
// Clicking a tile selects that channel. From the keyboard: the grid takes focus, the arrow keys
// (Home, End) move a focus mark over the tiles, Enter zooms the marked channel (selects it for
// the enlarged view), Page Up / Page Down ask for the previous / next page of channels.

#include <QImage>
#include <QWidget>
#include <memory>
#include <vector>

#include "mnl/inference_result.h"
#include "mnl/ui/stage_clock.h"

namespace mnl::ui {

enum class Normalisation { PerChannel, PerLayer };

class FeatureGrid : public QWidget {
  Q_OBJECT
 public:
  explicit FeatureGrid(QWidget* parent = nullptr);

  // Shows result->featureMaps (keeps the snapshot alive instead of copying it).
  void setResult(std::shared_ptr<const InferenceResult> result);
  void setNormalisation(Normalisation normalisation);
  void setSelectedChannel(int channel);  // absolute channel index in the layer
  int selectedChannel() const { return selected_; }
  // The channel under the keyboard's focus mark (absolute), -1 before the first maps.
  int currentChannel() const { return current_; }
  void setCurrentChannel(int channel);
  void clear();

  const FeatureMaps* maps() const;
  int tileCount() const;
  QRect tileRect(int tile) const;               // in widget coordinates
  int channelAt(const QPoint& position) const;  // absolute channel, or -1
  // The whole grid at `tilePixels` per tile, with a 1-pixel gap (for export).
  QImage render(int tilePixels = 64) const;
  QSize sizeHint() const override { return {480, 480}; }
  // Time spent painting (for the app's own measurement).
  const StageClock& paintClock() const { return paintClock_; }

 signals:
  void channelClicked(int channel);
  // Page Up (-1) / Page Down (+1).
  void pageRequested(int delta);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void focusInEvent(QFocusEvent* event) override;
  void focusOutEvent(QFocusEvent* event) override;

 private:
  StageClock paintClock_;
  void colour();
  int columns() const;

  std::shared_ptr<const InferenceResult> result_;
  std::vector<QImage> tiles_;
  Normalisation normalisation_ = Normalisation::PerChannel;
  int selected_ = -1;
  int current_ = -1;
  int firstChannel() const;
  void updateAccessibleText();
};

}  // namespace mnl::ui
