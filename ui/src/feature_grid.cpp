// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/feature_grid.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "mnl/ui/color_map.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/theme.h"

namespace mnl::ui {

namespace {
constexpr int kGap = 2;
}

FeatureGrid::FeatureGrid(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("featureGrid"));
  setMinimumSize(160, 160);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  setCursor(Qt::PointingHandCursor);
  setFocusPolicy(Qt::StrongFocus);
  setAccessibleName(tr("feature maps: waiting for the first frame"));
  setAccessibleDescription(
      tr("One small map per channel of the layer. Arrow keys move between channels, Enter "
         "enlarges the marked one, Page Up and Page Down change the page of channels."));
}

int FeatureGrid::firstChannel() const {
  const FeatureMaps* m = maps();
  return m ? m->firstChannel : 0;
}

void FeatureGrid::setCurrentChannel(int channel) {
  if (tileCount() == 0) return;
  current_ = std::clamp(channel, firstChannel(), firstChannel() + tileCount() - 1);
  updateAccessibleText();
  update();
}

void FeatureGrid::updateAccessibleText() {
  const FeatureMaps* m = maps();
  const int index = current_ - firstChannel();
  if (!m || index < 0 || index >= static_cast<int>(m->stats.size())) {
    setAccessibleName(tr("feature maps: waiting for the first frame"));
    return;
  }
  const ChannelStats& s = m->stats[static_cast<std::size_t>(index)];
  setAccessibleName(tr("%1 channel %2 of %3%4: mean %5, max %6")
                        .arg(QString::fromStdString(m->layer))
                        .arg(current_)
                        .arg(m->shape.channels)
                        .arg(current_ == selected_ ? tr(", enlarged") : QString())
                        .arg(formatActivation(s.mean), formatActivation(s.max)));
}

void FeatureGrid::keyPressEvent(QKeyEvent* event) {
  const int n = tileCount();
  if (n == 0) {
    QWidget::keyPressEvent(event);
    return;
  }
  const int c = columns();
  const int first = firstChannel();
  const int at = std::clamp(current_, first, first + n - 1);
  switch (event->key()) {
    case Qt::Key_Left: setCurrentChannel(at - 1); break;
    case Qt::Key_Right: setCurrentChannel(at + 1); break;
    // Up and down stay in their column at the grid's edges.
    case Qt::Key_Up:
      if (at - c >= first) setCurrentChannel(at - c);
      break;
    case Qt::Key_Down:
      if (at + c < first + n) setCurrentChannel(at + c);
      break;
    case Qt::Key_Home: setCurrentChannel(first); break;
    case Qt::Key_End: setCurrentChannel(first + n - 1); break;
    case Qt::Key_Return:
    case Qt::Key_Enter: emit channelClicked(at); break;
    case Qt::Key_PageUp: emit pageRequested(-1); break;
    case Qt::Key_PageDown: emit pageRequested(+1); break;
    default: QWidget::keyPressEvent(event); return;
  }
  event->accept();
}

void FeatureGrid::focusInEvent(QFocusEvent* event) {
  QWidget::focusInEvent(event);
  update();  // the focus mark shows only while the grid has the focus
}

void FeatureGrid::focusOutEvent(QFocusEvent* event) {
  QWidget::focusOutEvent(event);
  update();
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
  // A new page or layer: the focus mark starts on the channel shown enlarged.
  const int first = firstChannel();
  if (current_ < first || current_ >= first + tileCount()) current_ = channel;
  updateAccessibleText();
  update();
}

void FeatureGrid::clear() {
  result_.reset();
  tiles_.clear();
  current_ = -1;
  updateAccessibleText();
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
  const Theme theme = themeFor(palette());
  const int first = firstChannel();
  for (int i = 0; i < tileCount(); ++i) {
    const QRect r = tileRect(i);
    // Nearest-neighbour scaling (no SmoothPixmapTransform): each activation stays a visible
    // square, also at a device pixel ratio of 2.
    painter.drawImage(r, tiles_[static_cast<std::size_t>(i)]);
    if (first + i == selected_) {
      painter.setPen(QPen(theme.selectedTile, 3));
      painter.drawRect(r.adjusted(1, 1, -2, -2));
    }
  }
  if (hasFocus() && current_ >= first && current_ < first + tileCount()) {
    // The keyboard's mark: dashed text colour over the window colour, which contrast in any
    // theme and on any viridis tile; drawn inside the selection frame so both show.
    const QRect tile = tileRect(current_ - first);
    const QRect r = tile.width() > 16 ? tile.adjusted(4, 4, -5, -5) : tile.adjusted(0, 0, -1, -1);
    painter.setPen(QPen(theme.window, 2));
    painter.drawRect(r);
    painter.setPen(QPen(theme.windowText, 2, Qt::DashLine));
    painter.drawRect(r);
  }
}

void FeatureGrid::mousePressEvent(QMouseEvent* event) {
  const int channel = channelAt(event->pos());
  if (channel < 0) return;
  current_ = channel;
  emit channelClicked(channel);
}

QImage FeatureGrid::render(int tilePixels) const {
  const int n = tileCount();
  if (n == 0) return {};
  const int c = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
  const int rows = (n + c - 1) / c;
  QImage image(c * (tilePixels + 1) - 1, rows * (tilePixels + 1) - 1, QImage::Format_RGB32);
  image.fill(palette().color(QPalette::Window));
  QPainter painter(&image);
  for (int i = 0; i < n; ++i)
    painter.drawImage(
        QRect((i % c) * (tilePixels + 1), (i / c) * (tilePixels + 1), tilePixels, tilePixels),
        tiles_[static_cast<std::size_t>(i)]);
  return image;
}

}  // namespace mnl::ui
