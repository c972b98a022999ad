// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The top-k predictions as rows of label, bar and probability. With untrained weights the
// labels would be noise, so the rows say that instead. The rows take the keyboard focus: Up and
// Down (Home, End) move the current row, which a screen reader reads as "top 1: macaw, 99 %".
// Clicking a row (or Enter on the current one) chooses its class for the saliency map (the row
// stays marked while the class is listed); choosing it again goes back to the top-1.

#include <QWidget>
#include <memory>
#include <vector>

#include "mnl/inference_result.h"

namespace mnl::ui {

class PredictionBars : public QWidget {
  Q_OBJECT
 public:
  explicit PredictionBars(QWidget* parent = nullptr);
  void setResult(std::shared_ptr<const InferenceResult> result);

  // What the rows say now: the first label ("" before any result), and whether the weights
  // behind it are trained.
  QString topLabel() const;
  float topProbability() const;
  bool showsUntrainedNotice() const;
  QStringList labels() const;
  // The row the keyboard is on (0 = top 1), and what a screen reader says for row `row`.
  int currentRow() const { return current_; }
  void setCurrentRow(int row);
  QString rowText(int row) const;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;
  // The clicked class, or −1 (the top-1 of each frame).
  int chosenClass() const { return chosen_; }
  void chooseClass(int classIndex);
  // The row at a point of the widget (0 the top one), or −1.
  int rowAt(QPoint point) const;
  QRect rowRect(int row) const;

 Q_SIGNALS:
  void chosenClassChanged(int classIndex);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void focusInEvent(QFocusEvent* event) override;
  void focusOutEvent(QFocusEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  std::vector<Prediction> rows_;
  bool trained_ = true;
  bool empty_ = true;
  QString weights_;
  int current_ = 0;
  void updateAccessibleText();
  int chosen_ = -1;
};

}  // namespace mnl::ui
