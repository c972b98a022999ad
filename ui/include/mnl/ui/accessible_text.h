// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a screen reader says for a control or a readout: a short name that carries the current
// value ("width multiplier α, 0.50") and a description of what it is for. Readouts call
// describe() again whenever their value changes, so the name never lags the screen.

#include <QString>

class QLabel;
class QTabBar;
class QWidget;

namespace mnl::ui {

void describe(QWidget* widget, const QString& name, const QString& description);
// A tab bar and the two buttons Qt shows on it when its tabs do not fit (a narrow window):
// "scroll <name> left/right".
void describeTabBar(QTabBar* bar, const QString& name, const QString& description);
// A label that shows a value: its name is "what: <the label's text, without markup>".
void describeReadout(QLabel* label, const QString& what, const QString& description);
// Rich text as a screen reader should hear it.
QString plainText(const QString& richText);
// A font `factor` times the widget's own: smaller print that still follows the user's font
// size (instead of a style sheet's fixed pixel size).
void scaleFont(QWidget* widget, double factor);

}  // namespace mnl::ui
