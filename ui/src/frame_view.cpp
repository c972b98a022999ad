// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/frame_view.h"

#include <QPainter>

#include "mnl/ui/theme.h"
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
  setAccessibleName(tr("camera picture"));
  setAccessibleDescription(tr("The frame the network classifies; the part outside the centred "
                              "square it sees is dimmed"));
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
  const Theme theme = themeFor(palette());
  painter.fillRect(rect(), theme.letterbox);
  if (image_.isNull()) {
    painter.setPen(mix(theme.letterbox, Qt::white, 0.7));
    painter.drawText(rect(), Qt::AlignCenter, tr("no frame yet"));
    return;
  }
  const QSize fitted = image_.size().scaled(size(), Qt::KeepAspectRatio);
  const QRect target(QPoint((width() - fitted.width()) / 2, (height() - fitted.height()) / 2),
                     fitted);
  // Scaled to device pixels, not to logical ones: at a device pixel ratio of 2 the frame is
  // resampled once, smoothly, instead of being doubled up by the painter afterwards.
  const qreal ratio = devicePixelRatioF();
  const QSize devicePixels = (QSizeF(fitted) * ratio).toSize();
  if (scaledFrom_ != image_.cacheKey() || scaled_.size() != devicePixels) {
    scaled_ = image_.convertToFormat(QImage::Format_RGB32)
                  .scaled(devicePixels, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    scaledFrom_ = image_.cacheKey();
  }
  scaled_.setDevicePixelRatio(ratio);
  painter.drawImage(target.topLeft(), scaled_);
  if (crop_ == CropMode::CenterSquare && image_.width() != image_.height()) {
    // The network's view: the largest centred square; dim what it never sees.
    const int side = std::min(target.width(), target.height());
    const QRect square(target.center().x() - side / 2, target.center().y() - side / 2, side, side);
    QColor dim = theme.letterbox;
    dim.setAlpha(110);
    painter.fillRect(QRect(target.topLeft(), QPoint(square.left() - 1, target.bottom())), dim);
    painter.fillRect(QRect(QPoint(square.right() + 1, target.top()), target.bottomRight()), dim);
    painter.fillRect(QRect(target.topLeft(), QPoint(target.right(), square.top() - 1)), dim);
    painter.fillRect(QRect(QPoint(target.left(), square.bottom() + 1), target.bottomRight()), dim);
    painter.setPen(QPen(QColor(255, 255, 255, 180), 1, Qt::DashLine));
    painter.drawRect(square.adjusted(0, 0, -1, -1));
  }
  if (saliency_) paintSaliency(painter, *saliency_, target, image_.size());
  // Text over the picture is white in every theme: it sits on the (dark) picture area.
  painter.setPen(Qt::white);
  painter.drawText(target.adjusted(6, 4, -6, -4), Qt::AlignLeft | Qt::AlignBottom,
                   tr("network input: %1\u00d7%1 px").arg(inputSize_));
  if (!overlay_.isEmpty()) {
    QFont big = painter.font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.3);
    painter.setFont(big);
    // Several lines when several things hold at once (the camera lost while a sweep measures).
    const QRect badge = painter.fontMetrics()
                            .boundingRect(QRect(), Qt::AlignCenter, overlay_)
                            .adjusted(-8, -4, 8, 4);
    const QRect placed(target.topRight() - QPoint(badge.width() + 8, -8), badge.size());
    QColor badgeColour = theme.dark ? theme.accent.darker(160) : theme.accent;
    badgeColour.setAlpha(210);
    painter.fillRect(placed, badgeColour);
    painter.drawText(placed, Qt::AlignCenter, overlay_);
  }
}

}  // namespace mnl::ui
