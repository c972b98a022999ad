// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/prediction_bars.h"

#include <QMouseEvent>
#include <QPainter>

namespace mnl::ui {

namespace {
constexpr int kRows = 5;
}

PredictionBars::PredictionBars(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("predictionBars"));
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 1.2);
  setFont(f);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  setCursor(Qt::PointingHandCursor);
  setToolTip(tr("Click a class to see where the network looks for it (Saliency); click it again "
                "for the top class"));
}

QSize PredictionBars::sizeHint() const {
  return {360, kRows * (fontMetrics().height() + 6) + 4};
}
QSize PredictionBars::minimumSizeHint() const {
  return {200, sizeHint().height()};
}

void PredictionBars::setResult(std::shared_ptr<const InferenceResult> result) {
  if (!result) return;
  rows_ = result->top;
  trained_ = result->model.trained;
  weights_ = QString::fromStdString(result->model.weights);
  empty_ = false;
  update();
}

QString PredictionBars::topLabel() const {
  return rows_.empty() ? QString() : QString::fromStdString(rows_.front().label);
}

float PredictionBars::topProbability() const {
  return rows_.empty() ? 0.0f : rows_.front().probability;
}

bool PredictionBars::showsUntrainedNotice() const {
  return !empty_ && !trained_;
}

QStringList PredictionBars::labels() const {
  QStringList out;
  for (const Prediction& p : rows_) out << QString::fromStdString(p.label);
  return out;
}

int PredictionBars::rowAt(QPoint point) const {
  const int row = (point.y() - 2) / (fontMetrics().height() + 6);
  return point.y() >= 2 && row < std::min<int>(kRows, int(rows_.size())) ? row : -1;
}

QRect PredictionBars::rowRect(int row) const {
  const int rowHeight = fontMetrics().height() + 6;
  return {0, 2 + row * rowHeight, width(), rowHeight};
}

void PredictionBars::chooseClass(int classIndex) {
  if (classIndex == chosen_) return;
  chosen_ = classIndex;
  update();
  Q_EMIT chosenClassChanged(chosen_);
}

void PredictionBars::mousePressEvent(QMouseEvent* event) {
  const int row = trained_ ? rowAt(event->position().toPoint()) : -1;
  if (row < 0) return QWidget::mousePressEvent(event);
  const int index = rows_[std::size_t(row)].index;
  chooseClass(index == chosen_ ? -1 : index);  // a second click: back to the top-1
}

void PredictionBars::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  const QFontMetrics metrics = fontMetrics();
  const int rowHeight = metrics.height() + 6;
  if (empty_) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect(), Qt::AlignCenter, tr("waiting for the first classified frame\u2026"));
    return;
  }
  if (!trained_) {
    // Where the labels would be: why there are none.
    painter.fillRect(rect(), QColor(0xff, 0xf3, 0xe0));
    painter.setPen(QColor(0xbf, 0x36, 0x0c));
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(rect().adjusted(8, 4, -8, -4), Qt::AlignCenter | Qt::TextWordWrap,
                     tr("untrained \u2014 labels mean nothing\n\n"
                        "Random weights: costs, timings and feature maps are real, guesses "
                        "are not. \u03b1 0.25, 0.5, 0.75 or 1.0 (separable) has trained "
                        "weights."));
    return;
  }
  const int labelWidth = std::min(width() / 2, metrics.horizontalAdvance(QLatin1Char('m')) * 16);
  const int percentWidth = metrics.horizontalAdvance(QStringLiteral("100.0 %")) + 6;
  const int barWidth = std::max(10, width() - labelWidth - percentWidth - 12);
  for (int i = 0; i < static_cast<int>(rows_.size()) && i < kRows; ++i) {
    const Prediction& p = rows_[static_cast<std::size_t>(i)];
    const int y = 2 + i * rowHeight;
    if (p.index == chosen_) {
      // The class the saliency map explains.
      painter.fillRect(rowRect(i), palette().color(QPalette::Highlight).lighter(170));
      painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
      painter.drawRect(rowRect(i).adjusted(1, 1, -1, -1));
    }
    QFont f = font();
    f.setBold(i == 0);
    painter.setFont(f);
    painter.setPen(palette().color(QPalette::WindowText));
    const QString label =
        metrics.elidedText(QString::fromStdString(p.label), Qt::ElideRight, labelWidth - 6);
    painter.drawText(QRect(0, y, labelWidth, rowHeight), Qt::AlignVCenter | Qt::AlignLeft, label);
    const QRect track(labelWidth, y + 4, barWidth, rowHeight - 8);
    painter.fillRect(track, palette().color(QPalette::AlternateBase));
    const int w = static_cast<int>(barWidth * std::clamp(p.probability, 0.0f, 1.0f));
    painter.fillRect(QRect(track.topLeft(), QSize(std::max(1, w), track.height())),
                     i == 0 ? QColor(0x15, 0x65, 0xc0) : QColor(0x64, 0xb5, 0xf6));
    painter.drawText(QRect(labelWidth + barWidth + 6, y, percentWidth, rowHeight),
                     Qt::AlignVCenter | Qt::AlignRight,
                     QString::number(p.probability * 100.0, 'f', 1) + QStringLiteral(" %"));
  }
}

}  // namespace mnl::ui
