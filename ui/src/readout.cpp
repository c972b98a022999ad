// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/readout.h"

#include <QLabel>
#include <QVBoxLayout>

#include "mnl/ui/accessible_text.h"
#include "mnl/ui/theme.h"

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
  scaleFont(title_, 0.9);
  QFont big = value_->font();
  big.setPointSizeF(big.pointSizeF() * 1.9);
  big.setBold(true);
  value_->setFont(big);
  value_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  scaleFont(detail_, 0.9);
  // A narrow room wraps the small lines; the big number keeps its line.
  title_->setWordWrap(true);
  detail_->setWordWrap(true);
  followPalette(this, [this] { recolour(); });
  describeValue();
  layout->addWidget(title_);
  layout->addWidget(value_);
  layout->addWidget(detail_);
}

void Readout::setValue(const QString& value, const QString& detail) {
  value_->setText(value);
  detail_->setText(detail);
  describeValue();
}

void Readout::setDetailTone(int tone) {
  tone_ = tone;
  recolour();
}

void Readout::recolour() {
  // The detail line says the change in words ("−75 % vs 1.0/224"): the tone only repeats it.
  const Theme theme = themeFor(palette());
  setTextColour(title_, theme.secondaryText);
  setTextColour(detail_, tone_ > 0 ? theme.good : tone_ < 0 ? theme.bad : theme.windowText);
}

void Readout::describeValue() {
  const QString name = QStringLiteral("%1: %2").arg(title_->text(), value_->text());
  describe(this, name, detail_->text().isEmpty() ? title_->text() : detail_->text());
  describe(value_, name, accessibleDescription());
}

QString Readout::value() const {
  return value_->text();
}
QString Readout::detail() const {
  return detail_->text();
}

}  // namespace mnl::ui
