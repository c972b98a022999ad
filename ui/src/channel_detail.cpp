// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/channel_detail.h"

#include <QFormLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

#include "mnl/ui/color_map.h"
#include "mnl/ui/accessible_text.h"
#include "mnl/ui/formatting.h"

namespace mnl::ui {

// The enlarged map, kept square and scaled without smoothing.
class ChannelDetail::Enlarged : public QWidget {
 public:
  using QWidget::QWidget;
  QImage image;
  QSize sizeHint() const override { return {220, 220}; }
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int w) const override { return w; }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter painter(this);
    const int side = std::min(width(), height());
    const QRect target((width() - side) / 2, 0, side, side);
    if (image.isNull()) {
      painter.drawRect(target.adjusted(0, 0, -1, -1));
      painter.drawText(target, Qt::AlignCenter | Qt::TextWordWrap, tr("click a channel"));
    } else {
      painter.drawImage(target, image);
    }
  }
};

ChannelDetail::ChannelDetail(QWidget* parent)
    : QWidget(parent),
      image_(new Enlarged),
      title_(new QLabel),
      min_(new QLabel),
      max_(new QLabel),
      mean_(new QLabel),
      zeros_(new QLabel),
      saturated_(new QLabel) {
  setObjectName(QStringLiteral("channelDetail"));
  image_->setMinimumSize(120, 120);
  image_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  QFont bold = title_->font();
  bold.setBold(true);
  title_->setFont(bold);
  title_->setObjectName(QStringLiteral("channelTitle"));
  min_->setObjectName(QStringLiteral("statMin"));
  max_->setObjectName(QStringLiteral("statMax"));
  mean_->setObjectName(QStringLiteral("statMean"));
  zeros_->setObjectName(QStringLiteral("statZeros"));
  saturated_->setObjectName(QStringLiteral("statSaturated"));
  QFont statFont = min_->font();
  statFont.setPointSizeF(statFont.pointSizeF() * 1.15);
  statFont.setBold(true);
  for (QLabel* label : {min_, max_, mean_, zeros_, saturated_}) {
    label->setFont(statFont);
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  }
  auto* stats = new QFormLayout;
  stats->setContentsMargins(0, 0, 0, 0);
  stats->setVerticalSpacing(1);
  stats->addRow(tr("min"), min_);
  stats->addRow(tr("max"), max_);
  stats->addRow(tr("mean"), mean_);
  stats->addRow(tr("zeros (cut by ReLU6)"), zeros_);
  stats->addRow(tr("at 6 (capped by ReLU6)"), saturated_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(title_);
  layout->addWidget(image_);
  layout->addLayout(stats);
  layout->addStretch(1);
  image_->setAccessibleName(tr("enlarged channel"));
  image_->setAccessibleDescription(tr("The selected channel's map, enlarged"));
  clear();
}

void ChannelDetail::clear() {
  channel_ = -1;
  stats_.reset();
  image_->image = QImage();
  image_->update();
  title_->setText(tr("channel \u2014"));
  for (QLabel* label : {min_, max_, mean_, zeros_, saturated_})
    label->setText(QStringLiteral("\u2013"));
  describeLabels();
}

void ChannelDetail::describeLabels() {
  describeReadout(title_, tr("enlarged"), tr("The channel shown enlarged"));
  describeReadout(min_, tr("min"), tr("Smallest activation of the channel"));
  describeReadout(max_, tr("max"), tr("Largest activation of the channel"));
  describeReadout(mean_, tr("mean"), tr("Mean activation of the channel"));
  describeReadout(zeros_, tr("zeros"), tr("Fraction of the map ReLU6 cut to zero"));
  describeReadout(saturated_, tr("at 6"), tr("Fraction of the map ReLU6 capped at 6"));
}

void ChannelDetail::showChannel(std::shared_ptr<const InferenceResult> result, int channel,
                                Normalisation normalisation) {
  if (!result || !result->featureMaps) return;
  const FeatureMaps& maps = *result->featureMaps;
  const int index = channel - maps.firstChannel;
  const std::size_t area = static_cast<std::size_t>(maps.side) * maps.side;
  if (index < 0 || index >= static_cast<int>(maps.stats.size()) ||
      (index + 1) * area > maps.values.size())
    return;  // not on this page: keep what is shown
  channel_ = channel;
  const ChannelStats& s = maps.stats[static_cast<std::size_t>(index)];
  stats_ = s;
  const bool perLayer = normalisation == Normalisation::PerLayer;
  image_->image = colourMap(maps.values.data() + index * area, maps.side,
                            perLayer ? maps.layerMin : s.min, perLayer ? maps.layerMax : s.max);
  image_->update();
  title_->setText(tr("%1 \u00b7 channel %2 of %3")
                      .arg(QString::fromStdString(maps.layer))
                      .arg(channel)
                      .arg(maps.shape.channels));
  min_->setText(formatActivation(s.min));
  max_->setText(formatActivation(s.max));
  mean_->setText(formatActivation(s.mean));
  zeros_->setText(formatPercent(s.zeroFraction));
  saturated_->setText(formatPercent(s.saturatedFraction));
  describeLabels();
}

}  // namespace mnl::ui
