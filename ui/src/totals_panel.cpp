// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/totals_panel.h"

#include <QGridLayout>
#include <algorithm>

#include "mnl/ui/formatting.h"
#include "mnl/ui/readout.h"

namespace mnl::ui {

namespace {
int toneOf(double value, double baseline) {
  if (value < baseline * 0.9995) return 1;
  if (value > baseline * 1.0005) return -1;
  return 0;
}
}  // namespace

TotalsPanel::TotalsPanel(QWidget* parent)
    : QWidget(parent),
      multAdds_(new Readout(tr("mult-adds per image"))),
      parameters_(new Readout(tr("parameters (conv + FC weights)"))),
      activations_(new Readout(tr("activation memory (all layer outputs, float32)"))),
      latency_(new Readout(tr("latency: network / capture \u2192 screen"))),
      fps_(new Readout(tr("frames classified per second"))) {
  multAdds_->setObjectName(QStringLiteral("multAddsReadout"));
  parameters_->setObjectName(QStringLiteral("parametersReadout"));
  activations_->setObjectName(QStringLiteral("activationsReadout"));
  latency_->setObjectName(QStringLiteral("latencyReadout"));
  fps_->setObjectName(QStringLiteral("fpsReadout"));
  parameters_->setToolTip(
      tr("The paper's rule: convolution kernels and FC weights. Batch-norm "
         "scales and shifts and the FC bias are not counted."));
  grid_ = new QGridLayout(this);
  grid_->setContentsMargins(0, 0, 0, 0);
  grid_->setSpacing(4);
  arrange(2);
  latency_->setValue(QStringLiteral("\u2013 ms"), tr("waiting for the first frame"));
  fps_->setValue(QStringLiteral("\u2013 FPS"));
  setNetwork(NetworkConfig{});
}

void TotalsPanel::arrange(int columns) {
  if (columns == columns_) return;
  columns_ = columns;
  for (Readout* readout : readouts())
    grid_->removeWidget(readout);
  if (columns == 2) {
    grid_->addWidget(multAdds_, 0, 0);
    grid_->addWidget(parameters_, 0, 1);
    grid_->addWidget(activations_, 1, 0, 1, 2);
    grid_->addWidget(latency_, 2, 0);
    grid_->addWidget(fps_, 2, 1);
  } else {
    int row = 0;
    for (Readout* readout : readouts())
      grid_->addWidget(readout, row++, 0);
  }
}

void TotalsPanel::fitWidth(int width) {
  // The widest readout's own size decides, not the grid's (which follows the arrangement).
  int widest = 0;
  for (Readout* readout : {multAdds_, parameters_, latency_, fps_})
    widest = std::max(widest, readout->sizeHint().width());
  arrange(width >= 2 * widest + grid_->horizontalSpacing() ? 2 : 1);
}

void TotalsPanel::setNetwork(const NetworkConfig& config) {
  cost_ = computeCost(config);
  baseline_ = computeCost(baselineFor(config));
  multAdds_->setValue(
      formatCount(static_cast<double>(cost_.multAdds), tr("mult-adds")),
      formatChange(static_cast<double>(cost_.multAdds), static_cast<double>(baseline_.multAdds)));
  multAdds_->setDetailTone(toneOf(cost_.multAdds, baseline_.multAdds));
  parameters_->setValue(
      formatCount(static_cast<double>(cost_.weights), tr("params")),
      formatChange(static_cast<double>(cost_.weights), static_cast<double>(baseline_.weights)));
  parameters_->setDetailTone(toneOf(cost_.weights, baseline_.weights));
  activations_->setValue(formatBytes(static_cast<double>(cost_.activationBytes)),
                         formatChange(static_cast<double>(cost_.activationBytes),
                                      static_cast<double>(baseline_.activationBytes)) +
                             tr(" \u00b7 peak layer in+out %1")
                                 .arg(formatBytes(static_cast<double>(cost_.peakActivationBytes))));
  activations_->setDetailTone(toneOf(cost_.activationBytes, baseline_.activationBytes));
}

void TotalsPanel::setLive(double forwardMs, double endToEndMs, double fps) {
  latency_->setValue(formatMs(forwardMs),
                     tr("%1 from capture to screen").arg(formatMs(endToEndMs)));
  if (fps <= 0) {
    fps_->setValue(QStringLiteral("\u2013 FPS"), tr("still frame: re-run when a setting moves"));
    return;
  }
  fps_->setValue(QString::number(fps, 'f', fps >= 10 ? 0 : 1) + QStringLiteral(" FPS"),
                 tr("one frame every %1").arg(formatMs(1000.0 / fps)));
}

}  // namespace mnl::ui
