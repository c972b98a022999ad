// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The top-k predictions as rows of label, bar and probability. With untrained weights the
// labels would be noise, so the rows say that instead.

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

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::vector<Prediction> rows_;
  bool trained_ = true;
  bool empty_ = true;
  QString weights_;
};

}  // namespace mnl::ui
