// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A dark palette as a dark desktop theme hands it to Qt (Fusion's usual dark colours), for the
// tests that check the window follows it.

#include <QPalette>

namespace mnl::ui::test {

inline QPalette darkPalette() {
  QPalette p;
  const QColor window(0x35, 0x35, 0x35), base(0x2a, 0x2a, 0x2a), text(0xf0, 0xf0, 0xf0);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, QColor(0x42, 0x42, 0x42));
  p.setColor(QPalette::ToolTipBase, base);
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, window);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, Qt::red);
  p.setColor(QPalette::Light, QColor(0x50, 0x50, 0x50));
  p.setColor(QPalette::Midlight, QColor(0x42, 0x42, 0x42));
  p.setColor(QPalette::Mid, QColor(0x2a, 0x2a, 0x2a));
  p.setColor(QPalette::Dark, QColor(0x23, 0x23, 0x23));
  p.setColor(QPalette::Shadow, QColor(0x14, 0x14, 0x14));
  p.setColor(QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Link, QColor(0x5a, 0xa8, 0xf0));
  p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
  p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
  p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
  return p;
}

}  // namespace mnl::ui::test
