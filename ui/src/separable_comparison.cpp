// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/separable_comparison.h"

#include <QPainter>

#include "mnl/ui/chart_export.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/theme.h"

namespace mnl::ui {

SeparableComparison::SeparableComparison(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("separableComparison"));
  setMinimumHeight(110);
  setToolTip(
      tr("Section 3.1: a depthwise separable layer costs 1/N + 1/9 of a standard 3\u00d73 "
         "convolution with the same input and output."));
  addSaveMenu(this, QStringLiteral("mobilenet-lab-separable-vs-standard"));
  setAccessibleDescription(toolTip());
  setNetwork(NetworkConfig{});
}

QSize SeparableComparison::sizeHint() const {
  return {320, 120};
}

void SeparableComparison::setNetwork(const NetworkConfig& config) {
  NetworkConfig separable = config;
  separable.conv = ConvMode::Separable;
  NetworkConfig standard = config;
  standard.conv = ConvMode::Standard;
  separable_ = computeCost(separable);
  standard_ = computeCost(standard);
  current_ = config.conv;
  const auto ratio = [](double standard, double separable) {
    return separable > 0 ? standard / separable : 0.0;
  };
  setAccessibleName(
      tr("separable vs standard: mult-adds %1 vs %2 (\u00d7%3), params %4 vs %5 (\u00d7%6)")
          .arg(formatCount(static_cast<double>(separable_.multAdds)),
               formatCount(static_cast<double>(standard_.multAdds)))
          .arg(ratio(static_cast<double>(standard_.multAdds),
                     static_cast<double>(separable_.multAdds)),
               0, 'f', 1)
          .arg(formatCount(static_cast<double>(separable_.weights)),
               formatCount(static_cast<double>(standard_.weights)))
          .arg(ratio(static_cast<double>(standard_.weights),
                     static_cast<double>(separable_.weights)),
               0, 'f', 1));
  update();
}

void SeparableComparison::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  const QFontMetrics metrics = fontMetrics();
  const int line = metrics.height();
  painter.drawText(0, line, tr("separable vs standard convolutions at this \u03b1 and size"));

  struct Row {
    QString metric;
    double separable;
    double standard;
  };
  const Row rows[] = {{tr("mult-adds"), static_cast<double>(separable_.multAdds),
                       static_cast<double>(standard_.multAdds)},
                      {tr("params"), static_cast<double>(separable_.weights),
                       static_cast<double>(standard_.weights)}};
  QFont bold = painter.font();
  bold.setBold(true);
  const QFontMetrics boldMetrics(bold);
  int labelWidth = 0;
  for (const Row& row : rows)
    for (double value : {row.separable, row.standard})
      labelWidth = std::max(labelWidth, boldMetrics.horizontalAdvance(
                                            tr("separable ") + formatCount(value, row.metric)));
  labelWidth += 10;
  const int barSpace = std::max(40, width() - labelWidth - 50);
  int y = line + 6;
  // The bars in the layer-type hues the cost chart uses; each row also names its kind.
  const Theme theme = themeFor(palette());
  const QColor separableColour = theme.pointwise, standardColour = theme.conv;
  for (const Row& row : rows) {
    const double top = std::max(row.separable, row.standard);
    const double ratio = row.separable > 0 ? row.standard / row.separable : 0;
    for (int i = 0; i < 2; ++i) {
      const bool isStandard = i == 1;
      const double value = isStandard ? row.standard : row.separable;
      const bool current = (current_ == ConvMode::Standard) == isStandard;
      QFont font = painter.font();
      font.setBold(current);
      painter.setFont(font);
      painter.setPen(palette().color(QPalette::WindowText));
      const QString label =
          (isStandard ? tr("standard ") : tr("separable ")) + formatCount(value, row.metric);
      painter.drawText(0, y + metrics.ascent(), label);
      const int w = top > 0 ? static_cast<int>(barSpace * value / top) : 0;
      painter.fillRect(labelWidth, y + 2, std::max(1, w), line - 4,
                       isStandard ? standardColour : separableColour);
      if (isStandard)
        painter.drawText(labelWidth + w + 4, y + metrics.ascent(),
                         QStringLiteral("\u00d7%1").arg(ratio, 0, 'f', 1));
      y += line + 1;
    }
    y += 4;
  }
}

}  // namespace mnl::ui
