// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/status_bar.h"

#include <QLabel>
#include "mnl/sample_stats.h"
#include "mnl/ui/accessible_text.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/theme.h"

namespace mnl::ui {

StatusBar::StatusBar(QWidget* parent)
    : QStatusBar(parent),
      device_(new QLabel(tr("starting the engine\u2026"))),
      weights_(new QLabel),
      speed_(new QLabel),
      warning_(new QLabel) {
  setObjectName(QStringLiteral("statusBar"));
  device_->setObjectName(QStringLiteral("deviceLabel"));
  weights_->setObjectName(QStringLiteral("weightsLabel"));
  speed_->setObjectName(QStringLiteral("speedLabel"));
  warning_->setObjectName(QStringLiteral("warningLabel"));
  QFont bold = warning_->font();
  bold.setBold(true);
  warning_->setFont(bold);
  followPalette(this, [this] { recolour(); });
  for (QLabel* label : {device_, weights_, speed_}) {
    label->setFrameShape(QFrame::StyledPanel);
    label->setContentsMargins(6, 0, 6, 0);
  }
  addWidget(device_);
  addWidget(weights_);
  addWidget(speed_);
  addWidget(warning_, 1);
  describeAll();
}

void StatusBar::recolour() {
  // "untrained: labels mean nothing" and the warnings are words: the colour only repeats them.
  const Theme theme = themeFor(palette());
  setTextColour(warning_, theme.warning);
  setTextColour(weights_, trained_ ? theme.windowText : theme.warning);
}

void StatusBar::describeAll() {
  describeReadout(device_, tr("device"), tr("Where the network runs, and with which precision"));
  describeReadout(weights_, tr("weights"), tr("The weights in use, and whether they are trained"));
  describeReadout(speed_, tr("speed"), speed_->toolTip().isEmpty()
                                           ? tr("Median forward time and frames shown per second")
                                           : speed_->toolTip());
  describeReadout(warning_, tr("warning"),
                  warning_->toolTip().isEmpty() ? tr("No warning") : warning_->toolTip());
}

void StatusBar::setDevice(const DeviceInfo& device) {
  device_->setText(QString::fromStdString(device.describe()));
  deviceThreads_ = device.kind == DeviceKind::Cpu ? device.threads : 0;
  describeAll();
}

void StatusBar::setModel(const ModelInfo& model) {
  QString text = tr("weights: %1").arg(QString::fromStdString(model.weights));
  if (!model.trained) text += tr(" \u2014 untrained: labels mean nothing");
  // Which input normalisation is in use: a user's model may be run with either.
  if (model.userWeights) text += tr(" (%1)").arg(QString::fromStdString(model.weightsFormat));
  text += tr(" \u2014 input %1")
              .arg(QString::fromStdString(describeScaling(model.preprocessing.scaling)));
  weights_->setText(text);
  trained_ = model.trained;
  recolour();
  describeAll();
}

void StatusBar::setWarning(Topic topic, const QString& text) {
  const std::size_t removed =
      std::erase_if(warnings_, [topic](const auto& warning) { return warning.first == topic; });
  if (text.isEmpty() && removed == 0) return;  // nothing to clear: every shown result asks
  if (!text.isEmpty()) warnings_.emplace_back(topic, text);
  warning_->setText(warnings_.empty() ? QString() : warnings_.back().second);
  QStringList all;
  for (const auto& warning : warnings_) all.prepend(warning.second);  // newest first
  warning_->setToolTip(all.join(QLatin1Char('\n')));
  describeAll();
}

void StatusBar::clearWarning(Topic topic) {
  setWarning(topic, QString());
}

void StatusBar::setSpeed(double forwardMs, double fps, int threads) {
  forwardMs_.push_back(forwardMs);
  if (forwardMs_.size() > kSpeedWindow) forwardMs_.pop_front();
  if (sinceSpeedShown_.isValid() && sinceSpeedShown_.elapsed() < 250) return;
  sinceSpeedShown_.start();
  const double median = summarize({forwardMs_.begin(), forwardMs_.end()}).median;
  const QString rate = fps > 0 ? tr("%1 FPS").arg(fps, 0, 'f', fps >= 10 ? 0 : 1)
                               : tr("still frame");
  const bool fewer = threads > 0 && threads < deviceThreads_;
  // "median": the live view's speed line gives the newest frame's own time, which differs.
  speed_->setText(fewer ? tr("network median %1 · %2 · %3 of %4 threads")
                              .arg(formatMs(median), rate)
                              .arg(threads)
                              .arg(deviceThreads_)
                        : tr("network median %1 · %2").arg(formatMs(median), rate));
  speed_->setToolTip(
      tr("Median forward time of the last %1 frames (as mobilenet-lab-cli bench reports it) and "
         "frames shown per second")
          .arg(forwardMs_.size()) +
      (fewer ? tr("; other programs keep the cores busy, so the network runs with fewer threads")
             : QString()));
  describeAll();
}

QString StatusBar::speedText() const {
  return speed_->text();
}
QString StatusBar::deviceText() const {
  return device_->text();
}
QString StatusBar::weightsText() const {
  return weights_->text();
}
QString StatusBar::warningText() const {
  return warning_->text();
}

}  // namespace mnl::ui
