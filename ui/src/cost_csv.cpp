// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/cost_csv.h"

#include <QFile>
#include <QStringList>
#include <map>

namespace mnl::ui {

namespace {
QString shape(const Shape& s) {
  return QStringLiteral("%1x%2x%3").arg(s.height).arg(s.width).arg(s.channels);
}
QString text(std::string_view view) {
  return QString::fromUtf8(view.data(), static_cast<qsizetype>(view.size()));
}
}  // namespace

QString costCsv(const NetworkCost& cost, const std::vector<LayerTiming>& timings) {
  std::map<std::string, double> ms;
  for (const LayerTiming& t : timings) ms[t.name] += t.milliseconds;
  QStringList lines;
  lines << QStringLiteral("# alpha=%1 resolution=%2 conv=%3 classes=%4")
               .arg(cost.config.alpha)
               .arg(cost.config.resolution)
               .arg(text(toString(cost.config.conv)))
               .arg(cost.config.classes);
  lines << QStringLiteral(
      "layer,type,kernel,stride,input,output,mult_adds,weights,params,activation_bytes,"
      "measured_ms");
  for (const LayerCost& layer : cost.layers) {
    const auto found = ms.find(layer.layer.name);
    lines << QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11")
                 .arg(QString::fromStdString(layer.layer.name), text(toString(layer.layer.type)))
                 .arg(layer.layer.kernel)
                 .arg(layer.layer.stride)
                 .arg(shape(layer.layer.input), shape(layer.layer.output))
                 .arg(layer.multAdds)
                 .arg(layer.weights)
                 .arg(layer.params)
                 .arg(layer.activationBytes)
                 .arg(found == ms.end() ? QString() : QString::number(found->second, 'f', 4));
  }
  lines << QStringLiteral("total,,,,,,%1,%2,%3,%4,")
               .arg(cost.multAdds)
               .arg(cost.weights)
               .arg(cost.params)
               .arg(cost.activationBytes);
  return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

bool writeCostCsv(const QString& file, const NetworkCost& cost,
                  const std::vector<LayerTiming>& timings) {
  QFile out(file);
  if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
  const QByteArray csv = costCsv(cost, timings).toUtf8();
  return out.write(csv) == csv.size();
}

}  // namespace mnl::ui
