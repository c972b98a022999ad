// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/readout.h"

#include <QLabel>
#include <QVBoxLayout>

namespace mnl::ui {

Readout::Readout(const QString& title, QWidget* parent)
    : QFrame(parent),
      title_(new QLabel(title)),
      value_(new QLabel(QStringLiteral("–"))),
      detail_(new QLabel) {
  setFrameShape(QFrame::StyledPanel);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 4, 8, 4);
  layout->setSpacing(0);
  title_->setStyleSheet(QStringLiteral("color: palette(mid); font-size: 11px;"));
  QFont big = value_->font();
  big.setPointSizeF(big.pointSizeF() * 1.9);
  big.setBold(true);
  value_->setFont(big);
  value_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  detail_->setStyleSheet(QStringLiteral("font-size: 11px;"));
  layout->addWidget(title_);
  layout->addWidget(value_);
  layout->addWidget(detail_);
}

void Readout::setValue(const QString& value, const QString& detail) {
  value_->setText(value);
  detail_->setText(detail);
}

void Readout::setDetailTone(int tone) {
  const char* colour = tone > 0 ? "#2e7d32" : tone < 0 ? "#c62828" : "palette(text)";
  detail_->setStyleSheet(QStringLiteral("font-size: 11px; color: %1;").arg(colour));
}

QString Readout::value() const {
  return value_->text();
}
QString Readout::detail() const {
  return detail_->text();
}

}  // namespace mnl::ui
