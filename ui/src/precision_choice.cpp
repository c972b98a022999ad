// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/precision_choice.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QStandardItemModel>
#include <algorithm>

#include "mnl/engine.h"
#include "mnl/ui/accessible_text.h"

namespace mnl::ui {

namespace {
constexpr Precision kFormats[] = {Precision::Float32, Precision::BFloat16, Precision::Int8};
}

PrecisionChoice::PrecisionChoice(QWidget* parent) : QWidget(parent), combo_(new QComboBox) {
  setObjectName(QStringLiteral("precisionChoice"));
  combo_->setObjectName(QStringLiteral("precisionCombo"));
  auto* model = new QStandardItemModel(combo_);
  for (const Precision format : kFormats) {
    auto* item = new QStandardItem(QString::fromLatin1(nameOf(format)));
    item->setData(static_cast<int>(format), Qt::UserRole);
    const std::string problem = Engine::cpuPrecisionProblem(format);
    if (!problem.empty()) {
      item->setEnabled(false);
      item->setToolTip(QString::fromStdString(problem));
    } else if (const std::string note = Engine::cpuEmulationNote(format); !note.empty()) {
      item->setText(tr("%1 (emulated)").arg(item->text()));
      item->setToolTip(QString::fromStdString(note));
    }
    model->appendRow(item);
  }
  combo_->setModel(model);
  combo_->setToolTip(tr("The number format the network computes in on this CPU; bf16 and int8 "
                        "are checked against fp32 every few frames"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* label = new QLabel(tr("Format:"));
  label->setBuddy(combo_);
  layout->addWidget(label);
  layout->addWidget(combo_);
  describe(combo_, tr("number format"), combo_->toolTip());
  connect(combo_, &QComboBox::currentIndexChanged, this,
          [this] { Q_EMIT precisionChanged(precision()); });
}

Precision PrecisionChoice::precision() const {
  return static_cast<Precision>(combo_->currentData(Qt::UserRole).toInt());
}

bool PrecisionChoice::offered(Precision precision) const {
  const int index = combo_->findData(static_cast<int>(precision), Qt::UserRole);
  const auto* model = static_cast<const QStandardItemModel*>(combo_->model());
  return index >= 0 && model->item(index)->isEnabled();
}

bool PrecisionChoice::setPrecision(Precision precision) {
  if (!offered(precision)) return false;
  combo_->setCurrentIndex(combo_->findData(static_cast<int>(precision), Qt::UserRole));
  return true;
}

QString checkText(const std::optional<PrecisionCheck>& check) {
  if (!check || check->checked == 0) return {};
  const QString format = QString::fromLatin1(nameOf(check->precision));
  QString text = QObject::tr("%1: fp32's top-1 on %2 of %3 checked frames")
                     .arg(format)
                     .arg(check->agreeing)
                     .arg(check->checked);
  // Whether the frames it turned were clear answers or near ties, which an invisible change of
  // the pixels turns in fp32 too.
  if (check->agreeing < check->checked)
    text += QObject::tr(" (where they differ, fp32 led %1's choice by at most %2)")
                .arg(format)
                .arg(check->largestLeadTurned, 0, 'f', 3);
  text += QObject::tr(" \u00b7 largest probability difference %1")
              .arg(check->largestProbabilityDifference, 0, 'f', 2);
  const auto worst = std::max_element(
      check->layerErrors.begin(), check->layerErrors.end(),
      [](const auto& a, const auto& b) { return a.second < b.second; });
  if (worst != check->layerErrors.end())
    text += QObject::tr(" \u00b7 most lost at %1 (%2 %)")
                .arg(QString::fromStdString(worst->first))
                .arg(100 * worst->second, 0, 'f', 0);
  if (check->calibratedOn == 0) return text;
  if (check->precision != Precision::Int8)  // bf16: no scales to calibrate, only the biases
    return text + QObject::tr(" \u00b7 calibrated on %1 checked frames of this source: biases "
                              "corrected")
                      .arg(check->calibratedOn);
  if (check->finerLayers > 0)
    return text + QObject::tr(" \u00b7 calibrated on %1 checked frames of this source: %2 layers "
                              "finer than 0\u20136, biases corrected")
                      .arg(check->calibratedOn)
                      .arg(check->finerLayers);
  return text + QObject::tr(" \u00b7 calibrated on %1 checked frames of this source: every "
                            "layer reaches 6 (scales 0\u20136), biases corrected")
                    .arg(check->calibratedOn);
}

}  // namespace mnl::ui
