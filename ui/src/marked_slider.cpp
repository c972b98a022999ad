// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/marked_slider.h"

#include <QPainter>
#include <QSlider>
#include <QStyle>
#include <QStyleOptionSlider>
#include <QVBoxLayout>

namespace mnl::ui {

// Paints the marks at the x where the slider's handle centre sits for each value.
class MarkedSlider::MarkStrip : public QWidget {
 public:
  MarkStrip(QSlider* slider, QWidget* parent) : QWidget(parent), slider_(slider) {
    setMinimumHeight(fontMetrics().height() + 6);
  }
  QList<QPair<int, QString>> marks;

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter painter(this);
    QStyleOptionSlider option;
    option.initFrom(slider_);
    option.orientation = Qt::Horizontal;
    option.minimum = slider_->minimum();
    option.maximum = slider_->maximum();
    const QRect groove = slider_->style()->subControlRect(QStyle::CC_Slider, &option,
                                                          QStyle::SC_SliderGroove, slider_);
    const int handle = slider_->style()->pixelMetric(QStyle::PM_SliderLength, &option, slider_);
    const int span = std::max(1, groove.width() - handle);
    const QPoint origin = slider_->mapTo(parentWidget(), QPoint(0, 0)) - pos();
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    painter.setFont(small);
    for (const auto& [value, label] : marks) {
      const int x =
          origin.x() + groove.left() + handle / 2 +
          QStyle::sliderPositionFromValue(slider_->minimum(), slider_->maximum(), value, span);
      const bool current = value == slider_->value();
      painter.setPen(current ? palette().color(QPalette::Highlight)
                             : palette().color(QPalette::WindowText));
      painter.drawLine(x, 0, x, 4);
      const int w = painter.fontMetrics().horizontalAdvance(label);
      const int left = std::clamp(x - w / 2, 0, std::max(0, width() - w));
      painter.drawText(left, 4 + painter.fontMetrics().ascent(), label);
    }
  }

 private:
  QSlider* slider_;
};

MarkedSlider::MarkedSlider(QWidget* parent)
    : QWidget(parent), slider_(new QSlider(Qt::Horizontal)), strip_(nullptr) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(slider_);
  strip_ = new MarkStrip(slider_, this);
  layout->addWidget(strip_);
  connect(slider_, &QSlider::valueChanged, strip_, qOverload<>(&QWidget::update));
}

void MarkedSlider::setMarks(const QList<QPair<int, QString>>& marks) {
  strip_->marks = marks;
  strip_->update();
}

}  // namespace mnl::ui
