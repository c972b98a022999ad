// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The number format over the live view: fp32, bf16 or int8, the last two offered where this
// CPU has the instructions (otherwise listed, disabled, with the reason as their tooltip). While
// a reduced format runs, the engine checks it against fp32 every few frames; checkText() says
// what that costs: how many checked frames keep fp32's top-1, the largest probability
// difference, and the layer where most is lost.

#include <QWidget>
#include <optional>

#include "mnl/compute_device.h"
#include "mnl/inference_result.h"

class QComboBox;

namespace mnl::ui {

class PrecisionChoice : public QWidget {
  Q_OBJECT
 public:
  explicit PrecisionChoice(QWidget* parent = nullptr);

  Precision precision() const;
  // A format this CPU cannot run is refused (false) and the choice stays.
  bool setPrecision(Precision precision);
  bool offered(Precision precision) const;
  QComboBox* combo() const { return combo_; }

 Q_SIGNALS:
  void precisionChanged(mnl::Precision precision);

 private:
  QComboBox* combo_;
};

// "int8: fp32's top-1 on 58 of 60 checked frames · largest probability difference 0.04 · most
// lost at pw13 (15 %)"; empty without a check.
QString checkText(const std::optional<PrecisionCheck>& check);

}  // namespace mnl::ui
