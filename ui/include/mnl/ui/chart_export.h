// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Charts out of the window: right-click (or the context-menu key on a focused chart) ›
// "Save chart as…" writes PNG, SVG or PDF, chosen by the file's suffix. QCustomPlot charts are
// written through their own vector painter; other painted charts through QWidget::render,
// which replays their paintEvent on the SVG or PDF device, so both stay vectors.

#include <QString>

class QWidget;

namespace mnl::ui {

// Writes `chart` to `file` as .png (at the screen's device pixel ratio, so it is as sharp as
// on screen), .svg or .pdf. False for another suffix or a write error.
bool saveChart(QWidget* chart, const QString& file);

// Gives `chart` the context menu with "Save chart as…", suggesting `baseName`.png. The chart
// also takes focus, so the menu key reaches it without a mouse.
void addSaveMenu(QWidget* chart, const QString& baseName);
bool hasSaveMenu(const QWidget* chart);

}  // namespace mnl::ui
