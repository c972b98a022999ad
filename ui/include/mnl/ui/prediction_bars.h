// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The top-k predictions as rows of label, bar and probability. With untrained weights the
// labels would be noise, so the rows say that instead. The rows take the keyboard focus: Up and
// Down (Home, End) move the current row, which a screen reader reads as "top 1: macaw, 99 %".

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

 protected:
  void paintEvent(QPaintEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void focusInEvent(QFocusEvent* event) override;
  void focusOutEvent(QFocusEvent* event) override;

 private:
  std::vector<Prediction> rows_;
  bool trained_ = true;
  bool empty_ = true;
  QString weights_;
  int current_ = 0;
  void updateAccessibleText();
};

}  // namespace mnl::ui
