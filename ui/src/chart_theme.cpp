// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/chart_theme.h"

#include <qcustomplot.h>

namespace mnl::ui {

void styleChart(QCustomPlot* plot, const Theme& theme) {
  plot->setBackground(QBrush(theme.base));
  const QPen line(theme.text, 0);
  const QPen grid(theme.grid, 0, Qt::DotLine);
  const QPen subGrid(mix(theme.grid, theme.base, 0.5), 0, Qt::DotLine);
  for (QCPAxisRect* rect : plot->axisRects()) {
    rect->setBackground(Qt::NoBrush);
    for (QCPAxis* axis : rect->axes()) {
      axis->setBasePen(line);
      axis->setTickPen(line);
      axis->setSubTickPen(line);
      axis->setTickLabelColor(theme.text);
      axis->setLabelColor(theme.text);
      axis->grid()->setPen(grid);
      axis->grid()->setSubGridPen(subGrid);
      axis->grid()->setZeroLinePen(QPen(theme.grid, 0));
    }
  }
  // Every legend, also one moved out of its axis rect into the layout.
  QList<QCPLegend*> legends;
  for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
    if (auto* legend = qobject_cast<QCPLegend*>(plot->plotLayout()->elementAt(i)))
      legends << legend;
  for (QCPAxisRect* rect : plot->axisRects())
    for (int i = 0; i < rect->insetLayout()->elementCount(); ++i)
      if (auto* legend = qobject_cast<QCPLegend*>(rect->insetLayout()->elementAt(i)))
        legends << legend;
  for (QCPLegend* legend : legends) {
    QColor fill = theme.base;
    fill.setAlpha(215);
    legend->setBrush(fill);
    if (legend->borderPen().style() != Qt::NoPen) legend->setBorderPen(QPen(theme.grid, 0));
    legend->setTextColor(theme.text);
    for (int i = 0; i < legend->itemCount(); ++i)
      if (QCPAbstractLegendItem* item = legend->item(i)) item->setTextColor(theme.text);
  }
}

void followPaletteInChart(QCustomPlot* plot, std::function<void(const Theme&)> series) {
  followPalette(plot, [plot, series = std::move(series)] {
    const Theme theme = themeFor(plot->palette());
    if (series) series(theme);
    // After the series: a legend item made by `series` gets the text colour too.
    styleChart(plot, theme);
    plot->replot(QCustomPlot::rpQueuedReplot);
  });
}

}  // namespace mnl::ui
