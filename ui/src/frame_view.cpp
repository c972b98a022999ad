// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/frame_view.h"

#include <QPainter>

#include "mnl/ui/saliency_overlay.h"

namespace mnl::ui {

namespace {
// Keeps the frame's pixel buffer alive as long as any QImage copy refers to it.
void releaseFrame(void* info) {
  delete static_cast<std::shared_ptr<const std::vector<std::uint8_t>>*>(info);
}
}  // namespace

QImage toImage(const Frame& frame) {
  if (!frame.bgr || frame.width <= 0 || frame.height <= 0 ||
      frame.bgr->size() < static_cast<std::size_t>(frame.width) * frame.height * 3)
    return {};
  auto* keep = new std::shared_ptr<const std::vector<std::uint8_t>>(frame.bgr);
  return QImage(frame.bgr->data(), frame.width, frame.height, frame.width * 3,
                QImage::Format_BGR888, &releaseFrame, keep);
}

FrameView::FrameView(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("frameView"));
  setMinimumSize(200, 150);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void FrameView::setFrame(const Frame& frame, CropMode crop, int inputSize) {
  image_ = toImage(frame);
  crop_ = crop;
  inputSize_ = inputSize;
  update();
}

void FrameView::setOverlay(const QString& text) {
  overlay_ = text;
  update();
}

void FrameView::setSaliency(std::optional<SaliencyMap> map) {
  saliency_ = std::move(map);
  update();
}

void FrameView::paintEvent(QPaintEvent*) {
  const auto timing = paintClock_.measure();
  QPainter painter(this);
  painter.fillRect(rect(), QColor(0x21, 0x21, 0x21));
  if (image_.isNull()) {
    painter.setPen(Qt::lightGray);
    painter.drawText(rect(), Qt::AlignCenter, tr("no frame yet"));
    return;
  }
  const QSize fitted = image_.size().scaled(size(), Qt::KeepAspectRatio);
  const QRect target(QPoint((width() - fitted.width()) / 2, (height() - fitted.height()) / 2),
                     fitted);
  if (scaledFrom_ != image_.cacheKey() || scaled_.size() != fitted) {
    scaled_ = image_.convertToFormat(QImage::Format_RGB32)
                  .scaled(fitted, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    scaledFrom_ = image_.cacheKey();
  }
  painter.drawImage(target.topLeft(), scaled_);
  if (crop_ == CropMode::CenterSquare && image_.width() != image_.height()) {
    // The network's view: the largest centred square; dim what it never sees.
    const int side = std::min(target.width(), target.height());
    const QRect square(target.center().x() - side / 2, target.center().y() - side / 2, side, side);
    const QColor dim(0, 0, 0, 110);
    painter.fillRect(QRect(target.topLeft(), QPoint(square.left() - 1, target.bottom())), dim);
    painter.fillRect(QRect(QPoint(square.right() + 1, target.top()), target.bottomRight()), dim);
    painter.fillRect(QRect(target.topLeft(), QPoint(target.right(), square.top() - 1)), dim);
    painter.fillRect(QRect(QPoint(target.left(), square.bottom() + 1), target.bottomRight()), dim);
    painter.setPen(QPen(QColor(255, 255, 255, 180), 1, Qt::DashLine));
    painter.drawRect(square.adjusted(0, 0, -1, -1));
  }
  if (saliency_) paintSaliency(painter, *saliency_, target, image_.size());
  painter.setPen(Qt::white);
  painter.drawText(target.adjusted(6, 4, -6, -4), Qt::AlignLeft | Qt::AlignBottom,
                   tr("network input: %1\u00d7%1 px").arg(inputSize_));
  if (!overlay_.isEmpty()) {
    QFont big = painter.font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.3);
    painter.setFont(big);
    const QRect badge = painter.fontMetrics().boundingRect(overlay_).adjusted(-8, -4, 8, 4);
    const QRect placed(target.topRight() - QPoint(badge.width() + 8, -8), badge.size());
    painter.fillRect(placed, QColor(0xd5, 0x00, 0x00, 200));
    painter.drawText(placed, Qt::AlignCenter, overlay_);
  }
}

}  // namespace mnl::ui
