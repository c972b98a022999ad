// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Folders of examples made at test time, nothing downloaded: one sub-folder per class
// (torchvision's ImageFolder layout), PNGs drawn with a seeded generator so that every run
// sees the same pictures. Two sets: classes any backbone tells apart (a colour and a shape
// each, placed and sized at random on a noisy background), and two classes drawn from one and
// the same distribution, which no head can learn: what a head must fail on.

#include <QColor>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

namespace mnl::test {

enum class SyntheticSet {
  Separable,    // blue_square, green_stripes, red_disc
  Inseparable,  // noise_a, noise_b: the same random noise in both
};

inline QStringList syntheticClasses(SyntheticSet set) {
  return set == SyntheticSet::Separable
             ? QStringList{"blue_square", "green_stripes", "red_disc"}
             : QStringList{"noise_a", "noise_b"};
}

// Writes `perClass` PNGs of side `size` into root/<class>/ for every class of `set`; returns
// the classes in sorted order (their labels 0, 1, …). Fails (empty list) when a file cannot be
// written.
inline QStringList writeSyntheticClasses(const QString& root, SyntheticSet set, int perClass,
                                         quint32 seed, int size = 96) {
  QRandomGenerator random(seed);
  const QStringList classes = syntheticClasses(set);
  for (const QString& name : classes) {
    if (!QDir().mkpath(root + "/" + name)) return {};
    for (int i = 0; i < perClass; ++i) {
      QImage image(size, size, QImage::Format_RGB888);
      for (int y = 0; y < size; ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < 3 * size; ++x)
          line[x] = static_cast<uchar>(
              set == SyntheticSet::Separable ? 100 + random.bounded(56) : random.bounded(256));
      }
      if (set == SyntheticSet::Separable) {
        QPainter painter(&image);
        painter.setPen(Qt::NoPen);
        const int side = size / 3 + random.bounded(size / 3);
        const int x = random.bounded(size - side), y = random.bounded(size - side);
        if (name == "red_disc") {
          painter.setBrush(QColor(220, 30, 30));
          painter.drawEllipse(x, y, side, side);
        } else if (name == "blue_square") {
          painter.setBrush(QColor(30, 40, 220));
          painter.drawRect(x, y, side, side);
        } else {
          painter.setBrush(QColor(30, 190, 40));
          const int period = 8 + random.bounded(8);
          for (int row = random.bounded(period); row < size; row += period)
            painter.drawRect(0, row, size, period / 2);
        }
      }
      if (!image.save(QString("%1/%2/%3.png").arg(root, name).arg(i, 3, 10, QChar('0'))))
        return {};
    }
  }
  return classes;
}

}  // namespace mnl::test
