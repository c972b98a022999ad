// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/chart_export.h"

#include <QFileInfo>
#include <QSvgGenerator>
#include <qcustomplot.h>

namespace mnl::ui {

namespace {
bool saveSvg(QCustomPlot* plot, const QString& file) {
  const int width = plot->width(), height = plot->height();
  QSvgGenerator svg;
  svg.setFileName(file);
  svg.setSize(QSize(width, height));
  svg.setViewBox(QRect(0, 0, width, height));
  svg.setTitle(plot->objectName());
  QCPPainter painter;
  if (!painter.begin(&svg)) return false;
  plot->toPainter(&painter, width, height);
  return painter.end() && QFileInfo(file).size() > 0;
}
}  // namespace

bool saveChart(QCustomPlot* plot, const QString& file) {
  const QString suffix = QFileInfo(file).suffix().toLower();
  if (suffix == QLatin1String("png")) return plot->savePng(file, 0, 0, 2.0);
  if (suffix == QLatin1String("pdf")) return plot->savePdf(file);
  if (suffix == QLatin1String("svg")) return saveSvg(plot, file);
  return false;
}

}  // namespace mnl::ui
