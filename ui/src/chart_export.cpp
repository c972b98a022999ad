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

#include "mnl/ui/save_whole.h"

namespace mnl::ui {

namespace {
const QString kMenuName = QStringLiteral("chartSaveMenu");

// The chart on any paint device: a QCustomPlot draws itself as on screen (vector where the
// device is), any other widget renders.
bool paint(QWidget* chart, QPaintDevice& device) {
  if (auto* plot = qobject_cast<QCustomPlot*>(chart)) {
    QCPPainter painter;
    if (!painter.begin(&device)) return false;
    if (device.devType() != QInternal::Image) painter.setMode(QCPPainter::pmVectorized);
    plot->toPainter(&painter, chart->width(), chart->height());
    return painter.end();
  }
  QPainter painter;
  if (!painter.begin(&device)) return false;
  chart->render(&painter);
  return painter.end();
}

// Each format draws into the device QSaveFile gives (save_whole.h): the chart is written whole
// or not at all. QCustomPlot's own save functions take a file name, so they are not used.
bool saveSvg(QWidget* chart, QIODevice& out) {
  QSvgGenerator svg;
  svg.setOutputDevice(&out);
  svg.setSize(chart->size());
  svg.setViewBox(QRect(QPoint(0, 0), chart->size()));
  svg.setTitle(chart->accessibleName());
  svg.setDescription(QStringLiteral("MobileNet Lab"));
  return paint(chart, svg);
}

bool savePdf(QWidget* chart, QIODevice& out) {
  QPdfWriter pdf(&out);
  pdf.setCreator(QStringLiteral("MobileNet Lab"));
  pdf.setTitle(chart->accessibleName());
  // One point per device-independent pixel: the page is the chart's size on screen.
  pdf.setResolution(72);
  pdf.setPageSize(QPageSize(QSizeF(chart->size()), QPageSize::Point));
  pdf.setPageMargins(QMarginsF());
  return paint(chart, pdf);
}

bool savePng(QWidget* chart, QIODevice& out) {
  const double scale = chart->devicePixelRatioF();
  QImage image(chart->size() * scale, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(scale);
  image.fill(chart->palette().color(QPalette::Window));
  return paint(chart, image) && image.save(&out, "PNG");
}
}  // namespace

bool saveChart(QWidget* chart, const QString& file) {
  const QString suffix = QFileInfo(file).suffix().toLower();
  bool (*save)(QWidget*, QIODevice&) = suffix == QLatin1String("png")   ? savePng
                                       : suffix == QLatin1String("svg") ? saveSvg
                                       : suffix == QLatin1String("pdf") ? savePdf
                                                                        : nullptr;
  return save && saveWhole(file, [&](QIODevice& out) { return save(chart, out); });
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
