// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/saliency_overlay.h"

#include "mnl/ui/save_whole.h"

#include <QFileInfo>
#include <QLinearGradient>
#include <QPainter>
#include <QTextStream>

namespace mnl::ui {
namespace {

// Upsampling to the screen size costs a few ms a frame at full size; a map of at most this
// side, scaled smoothly by the painter, looks the same (a 7×7 map has no finer detail).
constexpr int kOverlaySide = 160;

QRgb premultiplied(float t, float opacity) {
  const auto rgb = saliencyColour(t);
  const int a = std::clamp(static_cast<int>(opacity * 255.0f + 0.5f), 0, 255);
  return qRgba(rgb[0] * a / 255, rgb[1] * a / 255, rgb[2] * a / 255, a);
}

QString methodName(SaliencyMethod method) {
  return method == SaliencyMethod::Cam ? QStringLiteral("CAM") : QStringLiteral("Grad-CAM");
}

}  // namespace

QImage saliencyOverlay(const SaliencyMap& map, QSize size) {
  if (size.isEmpty()) return {};
  const std::vector<float> values = upsampleSaliency(map, size.width(), size.height());
  QImage image(size, QImage::Format_ARGB32_Premultiplied);
  for (int y = 0; y < size.height(); ++y) {
    auto* row = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < size.width(); ++x) {
      const float t = values[std::size_t(y) * size.width() + x];
      row[x] = premultiplied(t, saliencyOpacity(t));
    }
  }
  return image;
}

void paintSaliency(QPainter& painter, const SaliencyMap& map, const QRect& frameTarget,
                   QSize frameSize) {
  if (frameSize.isEmpty() || map.crop.width <= 0) return;
  const double sx = double(frameTarget.width()) / frameSize.width();
  const double sy = double(frameTarget.height()) / frameSize.height();
  const QRectF crop(frameTarget.left() + map.crop.x * sx, frameTarget.top() + map.crop.y * sy,
                    map.crop.width * sx, map.crop.height * sy);
  const QSize side(std::min(kOverlaySide, std::max(1, int(crop.width()))),
                   std::min(kOverlaySide, std::max(1, int(crop.height()))));
  painter.save();
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  painter.drawImage(crop, saliencyOverlay(map, side));

  // The colour bar, inside the crop's right edge: 0 at the bottom, the peak at the top.
  const QFontMetrics metrics = painter.fontMetrics();
  const int barWidth = 12, margin = 8;
  const QRect bar(int(crop.right()) - barWidth - margin,
                  int(crop.top()) + margin + metrics.height(), barWidth,
                  std::max(20, int(crop.height()) / 3));
  QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
  for (int i = 0; i <= 10; ++i) {
    const auto rgb = saliencyColour(i / 10.0f);
    gradient.setColorAt(i / 10.0, QColor(rgb[0], rgb[1], rgb[2]));
  }
  painter.fillRect(bar, gradient);
  painter.setPen(QColor(255, 255, 255, 220));
  painter.drawRect(bar.adjusted(0, 0, -1, -1));
  const int labelWidth = metrics.horizontalAdvance(QStringLiteral("high")) + 4;
  painter.drawText(QRect(bar.left() - labelWidth - 2, bar.top() - 2, labelWidth, metrics.height()),
                   Qt::AlignRight | Qt::AlignTop, QObject::tr("high"));
  painter.drawText(QRect(bar.left() - labelWidth - 2, bar.bottom() - metrics.height() + 2,
                         labelWidth, metrics.height()),
                   Qt::AlignRight | Qt::AlignBottom, QObject::tr("low"));
  // What the colours are of: method, layer and class, over the crop's top edge.
  const QString caption = map.empty
                              ? QObject::tr("%1 at %2: nothing speaks for \u201c%3\u201d")
                                    .arg(methodName(map.method), QString::fromStdString(map.layer),
                                         QString::fromStdString(map.label))
                              : QObject::tr("%1 at %2 \u00b7 %3")
                                    .arg(methodName(map.method), QString::fromStdString(map.layer),
                                         QString::fromStdString(map.label));
  const QRect captionRect(int(crop.left()) + margin, int(crop.top()) + 2,
                          int(crop.width()) - 2 * margin, metrics.height() + 2);
  const QString shown = metrics.elidedText(caption, Qt::ElideRight, captionRect.width() - 8);
  painter.fillRect(QRect(captionRect.topLeft(),
                         QSize(metrics.horizontalAdvance(shown) + 8, captionRect.height())),
                   QColor(0, 0, 0, 150));
  painter.drawText(captionRect.adjusted(4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, shown);
  painter.restore();
}

QImage saliencyPicture(const SaliencyMap& map) {
  const int side = std::max(1, map.inputSize);
  const std::vector<float> values = upsampleSaliency(map, side, side);
  QImage image(side, side, QImage::Format_RGB32);
  for (int y = 0; y < side; ++y) {
    auto* row = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < side; ++x) {
      const auto rgb = saliencyColour(values[std::size_t(y) * side + x]);
      row[x] = qRgb(rgb[0], rgb[1], rgb[2]);
    }
  }
  return image;
}

bool writeSaliencyFiles(const SaliencyMap& map, const QString& pngFile) {
  if (map.inputSize <= 0 || !saveImageWhole(saliencyPicture(map), pngFile)) return false;
  const QFileInfo info(pngFile);
  const QString csvFile = info.path() + QLatin1Char('/') + info.completeBaseName() + ".csv";
  return saveWhole(csvFile, [&map](QIODevice& device) {
    QTextStream out(&device);
    const int side = map.inputSize;
    const std::vector<float> values = upsampleSaliency(map, side, side);
    for (int y = 0; y < side; ++y) {
      for (int x = 0; x < side; ++x)
        out << (x ? "," : "") << QString::number(values[std::size_t(y) * side + x], 'g', 5);
      out << '\n';
    }
    out.flush();
    return out.status() == QTextStream::Ok;
  });
}

}  // namespace mnl::ui
