// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The frame that was classified, scaled to fit, with the square the network sees outlined
// (a centre crop throws the sides of a wide frame away).

#include <QImage>
#include <QWidget>
#include <optional>

#include "mnl/frame.h"
#include "mnl/input_convention.h"
#include "mnl/saliency.h"
#include "mnl/ui/stage_clock.h"

namespace mnl::ui {

// A Frame as a QImage that shares the frame's pixels (no copy) and keeps them alive.
QImage toImage(const Frame& frame);

class FrameView : public QWidget {
  Q_OBJECT
 public:
  explicit FrameView(QWidget* parent = nullptr);
  void setFrame(const Frame& frame, CropMode crop, int inputSize);
  void setOverlay(const QString& text);  // "paused", "frozen", shown in a corner
  // A saliency map drawn over the crop (saliency_overlay.h); empty: none.
  void setSaliency(std::optional<SaliencyMap> map);
  const std::optional<SaliencyMap>& saliency() const { return saliency_; }
  const QImage& image() const { return image_; }
  const QString& overlay() const { return overlay_; }
  QSize sizeHint() const override { return {480, 360}; }
  // Time spent painting (for the app's own measurement).
  const StageClock& paintClock() const { return paintClock_; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  StageClock paintClock_;
  QImage image_;
  // image_ converted and smoothly scaled to the size it was last painted at: painting it is a
  // plain copy. Qt's scaler (SIMD) on RGB32 takes a third of the time of drawImage's own
  // smooth transform of the BGR frame, which converted it on every paint.
  QImage scaled_;
  qint64 scaledFrom_ = 0;  // image_.cacheKey() that scaled_ was made from
  CropMode crop_ = CropMode::CenterSquare;
  int inputSize_ = 224;
  QString overlay_;
  std::optional<SaliencyMap> saliency_;
};

}  // namespace mnl::ui
