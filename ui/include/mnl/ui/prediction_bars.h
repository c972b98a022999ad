// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The top-k predictions as rows of label, bar and probability. With untrained weights the
// labels would be noise, so the rows say that instead. Clicking a row chooses its class for
// the saliency map (the row stays marked while the class is listed); clicking it again goes
// back to the top-1.

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
  void mousePressEvent(QMouseEvent* event) override;

 private:
  std::vector<Prediction> rows_;
  bool trained_ = true;
  bool empty_ = true;
  QString weights_;
  int chosen_ = -1;
};

}  // namespace mnl::ui
