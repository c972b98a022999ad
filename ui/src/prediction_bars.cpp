// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/prediction_bars.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <algorithm>

#include "mnl/ui/theme.h"

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
  setFocusPolicy(Qt::StrongFocus);
  updateAccessibleText();
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
  current_ =
      std::clamp(current_, 0, std::max(0, std::min(kRows, static_cast<int>(rows_.size())) - 1));
  updateAccessibleText();
  update();
}

QString PredictionBars::rowText(int row) const {
  if (row < 0 || row >= static_cast<int>(rows_.size()) || row >= kRows) return {};
  const Prediction& p = rows_[static_cast<std::size_t>(row)];
  const float percent = p.probability * 100.0f;
  const QString text = tr("top %1: %2, %3 %")
                           .arg(row + 1)
                           .arg(QString::fromStdString(p.label))
                           .arg(QString::number(percent, 'f', percent >= 10.0f ? 0 : 1));
  return p.index == chosen_ ? text + tr(", explained by the saliency map") : text;
}

void PredictionBars::setCurrentRow(int row) {
  const int last = std::max(0, std::min(kRows, static_cast<int>(rows_.size())) - 1);
  row = std::clamp(row, 0, last);
  if (row == current_) return;
  current_ = row;
  updateAccessibleText();
  update();
}

void PredictionBars::updateAccessibleText() {
  // The name is what a screen reader says on focus: the current row; the description lists
  // them all.
  if (empty_) {
    setAccessibleName(tr("predictions: waiting for the first classified frame"));
    setAccessibleDescription(tr("The network's five most likely classes"));
    return;
  }
  if (!trained_) {
    setAccessibleName(tr("predictions: untrained weights, labels mean nothing"));
    setAccessibleDescription(tr("Random weights: costs, timings and feature maps are real, "
                                "guesses are not"));
    return;
  }
  setAccessibleName(rowText(current_));
  QStringList all;
  for (int i = 0; i < std::min(kRows, static_cast<int>(rows_.size())); ++i) all << rowText(i);
  setAccessibleDescription(
      tr("The network's most likely classes: %1").arg(all.join(QStringLiteral("; "))));
}

void PredictionBars::keyPressEvent(QKeyEvent* event) {
  switch (event->key()) {
    case Qt::Key_Up: setCurrentRow(current_ - 1); break;
    case Qt::Key_Down: setCurrentRow(current_ + 1); break;
    case Qt::Key_Home: setCurrentRow(0); break;
    case Qt::Key_End: setCurrentRow(kRows - 1); break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
      // As a click on the current row: explain its class, or go back to the top-1.
      if (trained_ && current_ < static_cast<int>(rows_.size())) {
        const int index = rows_[static_cast<std::size_t>(current_)].index;
        chooseClass(index == chosen_ ? -1 : index);
      }
      break;
    default: QWidget::keyPressEvent(event); return;
  }
  event->accept();
}

void PredictionBars::focusInEvent(QFocusEvent* event) {
  QWidget::focusInEvent(event);
  update();  // the focus mark
}

void PredictionBars::focusOutEvent(QFocusEvent* event) {
  QWidget::focusOutEvent(event);
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
  updateAccessibleText();
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
  const Theme theme = themeFor(palette());
  if (empty_) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect(), Qt::AlignCenter, tr("waiting for the first classified frame\u2026"));
    return;
  }
  if (!trained_) {
    // Where the labels would be: why there are none.
    painter.fillRect(rect(), theme.warningBackground);
    painter.setPen(theme.warning);
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
      painter.fillRect(rowRect(i), mix(theme.highlight, theme.window, 0.75));
      painter.setPen(QPen(theme.highlight, 2));
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
    painter.fillRect(track, theme.barTrack);
    const int w = static_cast<int>(barWidth * std::clamp(p.probability, 0.0f, 1.0f));
    painter.fillRect(QRect(track.topLeft(), QSize(std::max(1, w), track.height())),
                     i == 0 ? theme.topBar : theme.otherBars);
    painter.drawText(QRect(labelWidth + barWidth + 6, y, percentWidth, rowHeight),
                     Qt::AlignVCenter | Qt::AlignRight,
                     QString::number(p.probability * 100.0, 'f', 1) + QStringLiteral(" %"));
    if (i == current_ && hasFocus()) {
      // The keyboard's row: a dashed frame in the palette's text colour, seen on any bar.
      painter.setRenderHint(QPainter::Antialiasing, false);
      painter.setPen(QPen(palette().color(QPalette::WindowText), 1, Qt::DashLine));
      painter.setBrush(Qt::NoBrush);
      painter.drawRect(QRect(0, y, width() - 1, rowHeight - 1));
      painter.setRenderHint(QPainter::Antialiasing);
    }
  }
}

}  // namespace mnl::ui
