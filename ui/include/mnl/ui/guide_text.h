// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Help menu's texts (rich text for QMessageBox): what the sliders do, what the charts show,
// the keys; and what the program is.

#include <QString>

namespace mnl::ui {

QString guideHtml();
// What the About box names besides the program's own version: the libraries it runs on (as
// loaded, where they can say so) and the device the engine uses.
struct AboutVersions {
  QString app, qt, openCv, libTorch, device;
};
QString aboutHtml(const AboutVersions& versions);

}  // namespace mnl::ui
