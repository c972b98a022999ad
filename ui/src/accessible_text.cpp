// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/accessible_text.h"

#include <QLabel>
#include <QTabBar>
#include <QToolButton>
#include <QTextDocument>
#include <QTextDocumentFragment>

namespace mnl::ui {

void describe(QWidget* widget, const QString& name, const QString& description) {
  // Setting an unchanged name would still tell an active screen reader it changed.
  if (widget->accessibleName() != name) widget->setAccessibleName(name);
  if (widget->accessibleDescription() != description)
    widget->setAccessibleDescription(description);
}

void describeTabBar(QTabBar* bar, const QString& name, const QString& description) {
  describe(bar, name, description);
  for (QToolButton* button : bar->findChildren<QToolButton*>(Qt::FindDirectChildrenOnly)) {
    // Qt's own names for them (QTabBarPrivate::init).
    const bool left = button->objectName() == QLatin1String("ScrollLeftButton");
    if (!left && button->objectName() != QLatin1String("ScrollRightButton")) continue;
    describe(button,
             left ? QObject::tr("scroll %1 left").arg(name)
                  : QObject::tr("scroll %1 right").arg(name),
             left ? QObject::tr("Shows the tabs of the %1 hidden to the left").arg(name)
                  : QObject::tr("Shows the tabs of the %1 hidden to the right").arg(name));
  }
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
