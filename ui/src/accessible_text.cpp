// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/accessible_text.h"

#include <QLabel>
#include <QTextDocument>
#include <QTextDocumentFragment>

namespace mnl::ui {

void describe(QWidget* widget, const QString& name, const QString& description) {
  // Setting an unchanged name would still tell an active screen reader it changed.
  if (widget->accessibleName() != name) widget->setAccessibleName(name);
  if (widget->accessibleDescription() != description)
    widget->setAccessibleDescription(description);
}

QString plainText(const QString& richText) {
  if (!Qt::mightBeRichText(richText)) return richText;
  return QTextDocumentFragment::fromHtml(richText).toPlainText();
}

void describeReadout(QLabel* label, const QString& what, const QString& description) {
  const QString text = plainText(label->text()).simplified();
  describe(label, text.isEmpty() ? what : QStringLiteral("%1: %2").arg(what, text), description);
}

void scaleFont(QWidget* widget, double factor) {
  QFont font = widget->font();
  font.setPointSizeF(font.pointSizeF() * factor);
  widget->setFont(font);
}

}  // namespace mnl::ui
