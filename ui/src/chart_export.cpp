// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/chart_export.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QMenu>
#include <QMessageBox>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QWidget>
#include <qcustomplot.h>

namespace mnl::ui {

namespace {
const QString kMenuName = QStringLiteral("chartSaveMenu");

bool saveSvg(QWidget* chart, const QString& file) {
  QSvgGenerator svg;
  svg.setFileName(file);
  svg.setSize(chart->size());
  svg.setViewBox(QRect(QPoint(0, 0), chart->size()));
  svg.setTitle(chart->accessibleName());
  svg.setDescription(QStringLiteral("MobileNet Lab"));
  if (auto* plot = qobject_cast<QCustomPlot*>(chart)) {
    QCPPainter painter;
    if (!painter.begin(&svg)) return false;
    plot->toPainter(&painter, chart->width(), chart->height());
    return painter.end();
  }
  QPainter painter;
  if (!painter.begin(&svg)) return false;
  chart->render(&painter);
  return painter.end();
}

bool savePdf(QWidget* chart, const QString& file) {
  if (auto* plot = qobject_cast<QCustomPlot*>(chart))
    return plot->savePdf(file, 0, 0, QCP::epAllowCosmetic, QStringLiteral("MobileNet Lab"),
                         chart->accessibleName());
  QPdfWriter pdf(file);
  pdf.setCreator(QStringLiteral("MobileNet Lab"));
  pdf.setTitle(chart->accessibleName());
  // One point per device-independent pixel: the page is the chart's size on screen.
  pdf.setResolution(72);
  pdf.setPageSize(QPageSize(QSizeF(chart->size()), QPageSize::Point));
  pdf.setPageMargins(QMarginsF());
  QPainter painter;
  if (!painter.begin(&pdf)) return false;
  chart->render(&painter);
  return painter.end();
}

bool savePng(QWidget* chart, const QString& file) {
  const double scale = chart->devicePixelRatioF();
  if (auto* plot = qobject_cast<QCustomPlot*>(chart)) return plot->savePng(file, 0, 0, scale);
  QImage image(chart->size() * scale, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(scale);
  image.fill(chart->palette().color(QPalette::Window));
  chart->render(&image);
  return image.save(file, "PNG");
}
}  // namespace

bool saveChart(QWidget* chart, const QString& file) {
  const QString suffix = QFileInfo(file).suffix().toLower();
  if (suffix == QLatin1String("png")) return savePng(chart, file);
  if (suffix == QLatin1String("svg")) return saveSvg(chart, file);
  if (suffix == QLatin1String("pdf")) return savePdf(chart, file);
  return false;
}

void addSaveMenu(QWidget* chart, const QString& baseName) {
  chart->setFocusPolicy(Qt::StrongFocus);
  chart->setContextMenuPolicy(Qt::CustomContextMenu);
  auto* menu = new QMenu(chart);
  menu->setObjectName(kMenuName);
  QAction* save = menu->addAction(QObject::tr("Save chart as\u2026"));
  QObject::connect(save, &QAction::triggered, chart, [chart, baseName] {
    QString filter;
    const QString file = QFileDialog::getSaveFileName(
        chart, QObject::tr("Save chart"), baseName + QStringLiteral(".png"),
        QObject::tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"), &filter);
    if (file.isEmpty()) return;
    QString target = file;
    if (QFileInfo(target).suffix().isEmpty())  // the filter chosen says which
      target += filter.contains(QLatin1String("svg"))   ? QStringLiteral(".svg")
                : filter.contains(QLatin1String("pdf")) ? QStringLiteral(".pdf")
                                                        : QStringLiteral(".png");
    if (!saveChart(chart, target))
      QMessageBox::warning(chart, QObject::tr("Save chart"),
                           QObject::tr("Could not write %1 (PNG, SVG or PDF only).").arg(target));
  });
  QObject::connect(chart, &QWidget::customContextMenuRequested, menu,
                   [chart, menu](const QPoint& at) { menu->popup(chart->mapToGlobal(at)); });
}

bool hasSaveMenu(const QWidget* chart) {
  return chart->contextMenuPolicy() == Qt::CustomContextMenu &&
         chart->findChild<QMenu*>(kMenuName, Qt::FindDirectChildrenOnly) != nullptr;
}

}  // namespace mnl::ui
