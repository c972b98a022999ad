// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/feature_grid.h"

#include <QMouseEvent>
#include <QPainter>
#include <cmath>

#include "mnl/ui/color_map.h"

namespace mnl::ui {

namespace {
constexpr int kGap = 2;
}

FeatureGrid::FeatureGrid(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("featureGrid"));
  setMinimumSize(160, 160);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  setCursor(Qt::PointingHandCursor);
}

const FeatureMaps* FeatureGrid::maps() const {
  return result_ && result_->featureMaps ? &*result_->featureMaps : nullptr;
}

void FeatureGrid::setResult(std::shared_ptr<const InferenceResult> result) {
  result_ = std::move(result);
  colour();
}

void FeatureGrid::setNormalisation(Normalisation normalisation) {
  normalisation_ = normalisation;
  colour();
}

void FeatureGrid::setSelectedChannel(int channel) {
  selected_ = channel;
  update();
}

void FeatureGrid::clear() {
  result_.reset();
  tiles_.clear();
  update();
}

int FeatureGrid::tileCount() const {
  return static_cast<int>(tiles_.size());
}

void FeatureGrid::colour() {
  tiles_.clear();
  if (const FeatureMaps* m = maps()) {
    const std::size_t area = static_cast<std::size_t>(m->side) * m->side;
    for (std::size_t i = 0; i < m->stats.size(); ++i) {
      if ((i + 1) * area > m->values.size()) break;
      const bool perLayer = normalisation_ == Normalisation::PerLayer;
      const float lo = perLayer ? m->layerMin : m->stats[i].min;
      const float hi = perLayer ? m->layerMax : m->stats[i].max;
      tiles_.push_back(colourMap(m->values.data() + i * area, m->side, lo, hi));
    }
  }
  update();
}

int FeatureGrid::columns() const {
  // The column count that gives the largest square tiles in the current size.
  // Among layouts within 5 % of that size, the one that leaves fewest holes in the last row.
  const int n = tileCount();
  const auto sideFor = [&](int c) {
    const int rows = (n + c - 1) / c;
    return std::min((width() - kGap * (c - 1)) / static_cast<double>(c),
                    (height() - kGap * (rows - 1)) / static_cast<double>(std::max(1, rows)));
  };
  double bestSide = 0;
  for (int c = 1; c <= std::max(1, n); ++c) bestSide = std::max(bestSide, sideFor(c));
  int best = 1, fewestHoles = n + 1;
  for (int c = 1; c <= std::max(1, n); ++c) {
    if (sideFor(c) < 0.95 * bestSide) continue;
    const int holes = (c - n % c) % c;
    if (holes < fewestHoles) {
      fewestHoles = holes;
      best = c;
    }
  }
  return best;
}

QRect FeatureGrid::tileRect(int tile) const {
  const int n = tileCount();
  if (tile < 0 || tile >= n) return {};
  const int c = columns();
  const int rows = (n + c - 1) / c;
  const int side = std::max(1, std::min((width() - kGap * (c - 1)) / c,
                                        (height() - kGap * (rows - 1)) / std::max(1, rows)));
  return {(tile % c) * (side + kGap), (tile / c) * (side + kGap), side, side};
}

int FeatureGrid::channelAt(const QPoint& position) const {
  const FeatureMaps* m = maps();
  for (int i = 0; i < tileCount(); ++i)
    if (tileRect(i).contains(position)) return (m ? m->firstChannel : 0) + i;
  return -1;
}

void FeatureGrid::paintEvent(QPaintEvent*) {
  const auto timing = paintClock_.measure();
  QPainter painter(this);
  if (tiles_.empty()) {
    painter.drawText(rect(), Qt::AlignCenter, tr("waiting for the first frame\u2026"));
    return;
  }
  const int first = maps() ? maps()->firstChannel : 0;
  for (int i = 0; i < tileCount(); ++i) {
    const QRect r = tileRect(i);
    // Nearest-neighbour scaling: each activation stays a visible square.
    painter.drawImage(r, tiles_[static_cast<std::size_t>(i)]);
    if (first + i == selected_) {
      painter.setPen(QPen(QColor(0xff, 0x3d, 0x00), 3));
      painter.drawRect(r.adjusted(1, 1, -2, -2));
    }
  }
}

void FeatureGrid::mousePressEvent(QMouseEvent* event) {
  const int channel = channelAt(event->pos());
  if (channel >= 0) emit channelClicked(channel);
}

QImage FeatureGrid::render(int tilePixels) const {
  const int n = tileCount();
  if (n == 0) return {};
  const int c = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
  const int rows = (n + c - 1) / c;
  QImage image(c * (tilePixels + 1) - 1, rows * (tilePixels + 1) - 1, QImage::Format_RGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  for (int i = 0; i < n; ++i)
    painter.drawImage(
        QRect((i % c) * (tilePixels + 1), (i / c) * (tilePixels + 1), tilePixels, tilePixels),
        tiles_[static_cast<std::size_t>(i)]);
  return image;
}

}  // namespace mnl::ui
