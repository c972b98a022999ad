// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/live_view.h"

#include <QLabel>
#include <QBoxLayout>
#include <QResizeEvent>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include "mnl/ui/accessible_text.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/frame_view.h"
#include "mnl/ui/precision_choice.h"
#include "mnl/ui/prediction_bars.h"
#include "mnl/ui/saliency_controls.h"

namespace mnl::ui {

LiveView::LiveView(QWidget* parent)
    : QWidget(parent),
      frame_(new FrameView),
      predictions_(new PredictionBars),
      saliency_(new SaliencyControls),
      precision_(new PrecisionChoice),
      source_(new QLabel),
      speed_(new QLabel),
      check_(new QLabel) {
  check_->setObjectName(QStringLiteral("precisionCheck"));
  check_->setWordWrap(true);
  check_->hide();
  setObjectName(QStringLiteral("liveView"));
  source_->setObjectName(QStringLiteral("sourceLabel"));
  speed_->setObjectName(QStringLiteral("speedLabel"));
  source_->setWordWrap(true);
  QFont f = speed_->font();
  f.setBold(true);
  f.setPointSizeF(f.pointSizeF() * 1.15);
  speed_->setFont(f);
  speed_->setWordWrap(true);  // a long line must not widen the live column
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  layout->addWidget(source_);
  auto* choices = new QHBoxLayout;
  choices->setContentsMargins(0, 0, 0, 0);
  choices->addWidget(saliency_);
  choices->addWidget(precision_);
  choices->addStretch(1);
  layout->addLayout(choices);
  // The readings under the picture, or beside it when the room is wide and short (a laptop
  // screen): the picture gets the height either way.
  auto* readings = new QWidget;
  auto* readingsLayout = new QVBoxLayout(readings);
  readingsLayout->setContentsMargins(0, 0, 0, 0);
  readingsLayout->setSpacing(4);
  readingsLayout->addWidget(speed_);
  readingsLayout->addWidget(check_);
  readingsLayout->addWidget(predictions_);
  readingsLayout->addStretch(1);
  body_ = new QBoxLayout(QBoxLayout::TopToBottom);
  body_->setSpacing(6);
  body_->addWidget(frame_, 1);
  body_->addWidget(readings);
  layout->addLayout(body_, 1);
  describeReadout(source_, tr("source"), tr("What is playing"));
  describeReadout(speed_, tr("speed"), tr("Frame rate, network time and capture-to-screen time"));
  describeReadout(check_, tr("number format check"),
                  tr("How the reduced format compares with fp32 on the frames checked"));
}

void LiveView::setResult(std::shared_ptr<const InferenceResult> result, const Frame& frame,
                         double endToEndMs, double fps, long long framesSkipped) {
  if (!result) return;
  frame_->setFrame(frame, result->model.preprocessing.crop, result->model.preprocessing.inputSize);
  frame_->setSaliency(result->saliency);
  predictions_->setResult(result);
  const QString rate =
      fps > 0 ? tr("%1 FPS").arg(QString::number(fps, 'f', fps >= 10 ? 0 : 1)) : tr("still frame");
  speed_->setText(
      tr("%1 \u00b7 network %2 \u00b7 capture \u2192 screen %3")
          .arg(rate, formatMs(result->forwardMs), formatMs(endToEndMs)) +
      // The newest frame wins: frames that arrived while the network was busy are
      // dropped, so latency stays one frame deep instead of growing.
      (framesSkipped > 0 ? tr(" \u00b7 %1 stale frames skipped").arg(framesSkipped) : QString()));
  describeReadout(speed_, tr("speed"), tr("Frame rate, network time and capture-to-screen time"));
  const QString check = checkText(result->precisionCheck);
  check_->setText(check);
  check_->setVisible(!check.isEmpty());
  if (!check.isEmpty())
    describeReadout(check_, tr("number format check"),
                    tr("How the reduced format compares with fp32 on the frames checked"));
}

QString LiveView::precisionText() const { return check_->text(); }

void LiveView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  const QSize size = event->size();
  const bool side = size.width() * 4 > size.height() * 5;
  body_->setDirection(side ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
  body_->setStretch(0, side ? 3 : 1);
  body_->setStretch(1, side ? 2 : 0);
}

bool LiveView::readingsBeside() const {
  return body_->direction() == QBoxLayout::LeftToRight;
}

void LiveView::setSource(const QString& description) {
  source_->setText(description);
  describeReadout(source_, tr("source"), tr("What is playing"));
}
void LiveView::setOverlay(const QString& text) {
  frame_->setOverlay(text);
}
QString LiveView::speedText() const {
  return speed_->text();
}

}  // namespace mnl::ui
