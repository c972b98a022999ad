// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/theme.h"

#include <QEvent>
#include <QLabel>
#include <QWidget>

namespace mnl::ui {

bool isDark(const QPalette& palette) {
  // The window colour only: a widget that recolours its own text (a "good"/"bad" label) still
  // inherits the window colour of the theme around it.
  return palette.color(QPalette::Window).lightness() < 128;
}

QColor mix(const QColor& a, const QColor& b, double amount) {
  const auto lerp = [amount](double x, double y) { return x + (y - x) * amount; };
  return QColor::fromRgbF(static_cast<float>(lerp(a.redF(), b.redF())),
                          static_cast<float>(lerp(a.greenF(), b.greenF())),
                          static_cast<float>(lerp(a.blueF(), b.blueF())),
                          static_cast<float>(lerp(a.alphaF(), b.alphaF())));
}

QColor Theme::layerType(LayerType type) const {
  switch (type) {
    case LayerType::Conv: return conv;
    case LayerType::Depthwise: return depthwise;
    case LayerType::Pointwise: return pointwise;
    case LayerType::Pool: return pool;
    case LayerType::FullyConnected: return fullyConnected;
  }
  return pool;
}

Theme themeFor(const QPalette& palette) {
  Theme t;
  t.dark = isDark(palette);
  const bool d = t.dark;
  // Material shades: 600-800 on light backgrounds, 200-300 on dark ones.
  const auto pick = [d](QRgb light, QRgb dark) { return QColor::fromRgb(d ? dark : light); };
  t.text = palette.color(QPalette::Text);
  t.windowText = palette.color(QPalette::WindowText);
  t.base = palette.color(QPalette::Base);
  t.window = palette.color(QPalette::Window);
  t.secondaryText = mix(t.windowText, t.window, 0.35);
  t.grid = mix(t.text, t.base, 0.78);
  t.highlight = palette.color(QPalette::Highlight);
  t.good = pick(0x2e7d32, 0x81c784);
  t.bad = pick(0xc62828, 0xef9a9a);
  t.warning = pick(0xbf360c, 0xffab91);
  t.warningBackground = mix(t.window, pick(0xff9800, 0xff9800), d ? 0.18 : 0.12);
  t.accent = pick(0xd50000, 0xff5252);
  t.selection = pick(0xffb300, 0xffca28);
  t.selectedTile = pick(0xff3d00, 0xff6e40);
  // The picture area stays dark in both themes (the frame, not its border, should catch the
  // eye), tinted by the window colour so it sits in the theme.
  t.letterbox = mix(t.window, Qt::black, d ? 0.45 : 0.85);
  t.conv = pick(0x3949ab, 0x9fa8da);
  t.depthwise = pick(0xef6c00, 0xffb74d);
  t.pointwise = pick(0x00897b, 0x4db6ac);
  t.pool = pick(0x757575, 0xbdbdbd);
  t.fullyConnected = pick(0x8e24aa, 0xce93d8);
  t.multAddShare = pick(0x90a4ae, 0x78909c);
  t.timeShare = pick(0xd84315, 0xff8a65);
  t.alphaCurve[0] = pick(0x1b5e20, 0x81c784);
  t.alphaCurve[1] = pick(0x1565c0, 0x64b5f6);
  t.alphaCurve[2] = pick(0xef6c00, 0xffb74d);
  t.alphaCurve[3] = pick(0xad1457, 0xf48fb1);
  t.neutralMark = pick(0x616161, 0xbdbdbd);
  // The palette's own selection colour: the rows look like the rest of the desktop.
  t.topBar = t.highlight;
  t.otherBars = mix(t.highlight, t.base, 0.45);
  t.barTrack = palette.color(QPalette::AlternateBase);
  if (t.barTrack == t.base) t.barTrack = mix(t.base, t.text, 0.08);
  return t;
}

namespace {
class PaletteWatcher : public QObject {
 public:
  PaletteWatcher(QWidget* widget, std::function<void()> apply)
      : QObject(widget), apply_(std::move(apply)) {
    widget->installEventFilter(this);
  }

 protected:
  bool eventFilter(QObject*, QEvent* event) override {
    // ApplicationPaletteChange reaches every widget, PaletteChange only those whose resolved
    // palette changed; re-applying twice is harmless. The guard stops the recursion of an
    // `apply` that sets the widget's own palette.
    if ((event->type() == QEvent::PaletteChange ||
         event->type() == QEvent::ApplicationPaletteChange) &&
        !applying_) {
      applying_ = true;
      apply_();
      applying_ = false;
    }
    return false;
  }

 private:
  std::function<void()> apply_;
  bool applying_ = false;
};
}  // namespace

void followPalette(QWidget* widget, std::function<void()> apply) {
  apply();
  new PaletteWatcher(widget, std::move(apply));
}

void setTextColour(QLabel* label, const QColor& colour) {
  if (label->palette().color(QPalette::WindowText) == colour) return;
  QPalette p = label->palette();
  p.setColor(QPalette::WindowText, colour);
  label->setPalette(p);
}

}  // namespace mnl::ui
