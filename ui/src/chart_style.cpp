// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/chart_style.h"

#include <algorithm>

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
  plot->axisRect()->insetLayout()->setInsetAlignment(0, corner);
}

QCPScatterStyle::ScatterShape alphaMark(std::size_t index) {
  constexpr QCPScatterStyle::ScatterShape marks[] = {
      QCPScatterStyle::ssCircle, QCPScatterStyle::ssTriangle, QCPScatterStyle::ssDiamond,
      QCPScatterStyle::ssTriangleInverted};
  return marks[index % 4];
}

QCPGraph* addSettingStar(QCustomPlot* plot, const QString& name) {
  QCPGraph* star = plot->addGraph();
  star->setLineStyle(QCPGraph::lsNone);
  star->setName(name);
  return star;
}

QCPItemText* addSettingLabel(QCustomPlot* plot) {
  auto* label = new QCPItemText(plot);
  label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
  QFont bold = plot->font();
  bold.setBold(true);
  label->setFont(bold);
  return label;
}

}  // namespace mnl::ui
