// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The window's colours, all taken from the palette in force: a light palette gets the deep
// shades, a dark one the pale shades of the same hues, so a series keeps its identity across
// themes and stays readable on either background. Qt 6.4 (Debian 12) has no
// QStyleHints::colorScheme(), so "dark" is read from the window colour's lightness, which also
// covers a palette set by the application or a style rather than by the desktop.
// The viridis maps are data, not decoration: they stay the same in every theme.

#include <QColor>
#include <QPalette>
#include <functional>

#include "mnl/architecture.h"

class QLabel;
class QWidget;

namespace mnl::ui {

bool isDark(const QPalette& palette);

// `a` moved towards `b` by `amount` (0 → a, 1 → b), alpha included.
QColor mix(const QColor& a, const QColor& b, double amount);

struct Theme {
  bool dark = false;
  // Text and surfaces, straight from the palette.
  QColor text;        // on `base`
  QColor windowText;  // on `window`
  QColor base;        // behind charts
  QColor window;
  QColor secondaryText;  // titles over values: quieter than the text, still readable
  QColor grid;           // chart grid lines
  QColor highlight;      // the palette's selection colour
  // Meanings.
  QColor good;               // cheaper than the baseline, trained weights
  QColor bad;                // dearer, random weights
  QColor warning;            // a warning's text
  QColor warningBackground;  // behind a notice that replaces content
  QColor accent;             // "this setting" on a chart, the paused badge
  QColor selection;          // the layer picked in the cost chart
  QColor selectedTile;       // the frame round the selected channel (on viridis tiles)
  QColor letterbox;          // round the camera picture
  // Series: one hue per layer type, then the other charts' series.
  QColor layerType(LayerType type) const;
  QColor conv, depthwise, pointwise, pool, fullyConnected;
  QColor multAddShare, timeShare;
  QColor alphaCurve[4];  // the paper's four widths on the trade-off chart
  QColor neutralMark;    // a reference point (the standard-conv network)
  QColor topBar, otherBars, barTrack;  // the prediction rows
};

Theme themeFor(const QPalette& palette);

// Calls `apply` now and again whenever `widget`'s palette changes (the desktop switched theme,
// the application set a palette): what a widget whose colours are not read at paint time
// (charts, labels with a meaning colour) uses to follow a theme switch while running.
void followPalette(QWidget* widget, std::function<void()> apply);

// The label's text in `colour` (through its palette: no style sheet, so fonts and sizes stay
// the style's); re-applied on a palette change by the caller's followPalette.
void setTextColour(QLabel* label, const QColor& colour);

}  // namespace mnl::ui
