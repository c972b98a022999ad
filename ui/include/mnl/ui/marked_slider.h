// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A horizontal slider with labelled marks under chosen positions (the paper's four widths, its
// four resolutions): QSlider's own ticks are evenly spaced and unlabelled.

#include <QList>
#include <QPair>
#include <QWidget>

class QSlider;

namespace mnl::ui {

class MarkedSlider : public QWidget {
  Q_OBJECT
 public:
  explicit MarkedSlider(QWidget* parent = nullptr);
  QSlider* slider() const { return slider_; }
  // (slider value, label) pairs drawn as ticks with text under the groove.
  void setMarks(const QList<QPair<int, QString>>& marks);

 private:
  class MarkStrip;
  QSlider* slider_;
  MarkStrip* strip_;
};

}  // namespace mnl::ui
