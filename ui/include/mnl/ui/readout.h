// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One number a person watches: a small title, the value large with its unit, and a line under
// it (usually the change against 1.0/224).

#include <QFrame>

class QLabel;

namespace mnl::ui {

class Readout : public QFrame {
  Q_OBJECT
 public:
  explicit Readout(const QString& title, QWidget* parent = nullptr);
  void setValue(const QString& value, const QString& detail = {});
  // Colours the detail line: green when the change is good (cheaper), red when not.
  void setDetailTone(int tone);  // −1 worse, 0 neutral, +1 better
  QString value() const;
  QString detail() const;

 private:
  QLabel* title_;
  QLabel* value_;
  QLabel* detail_;
  int tone_ = 0;
  void recolour();
  void describeValue();
};

}  // namespace mnl::ui
