// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The live side of the window: the classified frame, the top-5 predictions, and how fast and
// how late they come (frames per second, capture → screen latency); the number format the
// network computes in and, for bf16 and int8, what it costs against fp32.

#include <QWidget>
#include <memory>

#include "mnl/frame.h"
#include "mnl/inference_result.h"

class QBoxLayout;
class QLabel;

namespace mnl::ui {

class FrameView;
class PredictionBars;
class PrecisionChoice;
class SaliencyControls;

class LiveView : public QWidget {
  Q_OBJECT
 public:
  explicit LiveView(QWidget* parent = nullptr);
  void setResult(std::shared_ptr<const InferenceResult> result, const Frame& frame,
                 double endToEndMs, double fps, long long framesSkipped = 0);
  void setSource(const QString& description);
  void setOverlay(const QString& text);

  FrameView* frameView() const { return frame_; }
  PredictionBars* predictions() const { return predictions_; }
  SaliencyControls* saliency() const { return saliency_; }
  PrecisionChoice* precision() const { return precision_; }
  QString speedText() const;
  QString precisionText() const;
  // The speed line and the predictions stand beside the picture (a wide, short view) rather
  // than under it.
  bool readingsBeside() const;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  FrameView* frame_;
  PredictionBars* predictions_;
  SaliencyControls* saliency_;
  PrecisionChoice* precision_;
  QLabel* source_;
  QLabel* speed_;
  QLabel* check_;  // the reduced format against fp32
  QBoxLayout* body_;
};

}  // namespace mnl::ui
