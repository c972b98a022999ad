// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/chart_style.h"

#include <algorithm>
#include <qcustomplot.h>

namespace mnl::ui {

void makeLogAxis(QCPAxis* axis) {
  axis->setScaleType(QCPAxis::stLogarithmic);
  auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
  ticker->setSubTickCount(8);
  axis->setTicker(ticker);
  axis->setNumberFormat(QStringLiteral("g"));
}

void placeLegend(QCustomPlot* plot, Qt::Alignment corner) {
  const QFont font = plot->font();
  plot->legend->setVisible(true);
  plot->legend->setFont(QFont(font.family(), std::max(7, font.pointSize() - 1)));
  plot->legend->setRowSpacing(-3);
  plot->legend->setBrush(QColor(255, 255, 255, 210));
  plot->axisRect()->insetLayout()->setInsetAlignment(0, corner);
}

QCPGraph* addSettingStar(QCustomPlot* plot, const QString& name) {
  QCPGraph* star = plot->addGraph();
  star->setLineStyle(QCPGraph::lsNone);
  star->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssStar, QPen(kSettingColour, 2.5), Qt::NoBrush, 18));
  star->setName(name);
  return star;
}

QCPItemText* addSettingLabel(QCustomPlot* plot) {
  auto* label = new QCPItemText(plot);
  label->setColor(kSettingColour);
  label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
  QFont bold = plot->font();
  bold.setBold(true);
  label->setFont(bold);
  return label;
}

}  // namespace mnl::ui
