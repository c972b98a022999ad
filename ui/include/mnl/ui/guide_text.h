// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Help menu's texts (rich text for QMessageBox): what the sliders do, what the charts show,
// the keys; and what the program is.

#include <QString>

namespace mnl::ui {

QString guideHtml();
QString aboutHtml(const QString& version);

}  // namespace mnl::ui
