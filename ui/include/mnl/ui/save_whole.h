// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Every file the window writes goes through here: QSaveFile writes a temporary file beside the
// target and renames it over the target only once everything is written (and flushed), so a
// full disk, an error or a kill leaves the old file (or none), never a torn one. The same rule
// as core's writeFileAtomically (mnl/atomic_file.h), in Qt's terms.
#include <QImage>
#include <QString>
#include <functional>

class QIODevice;

namespace mnl::ui {

// `write` fills the device and says whether it could. False (and `file` untouched) on any
// failure, with QSaveFile's reason in `error` when asked.
bool saveWhole(const QString& file, const std::function<bool(QIODevice&)>& write,
               QString* error = nullptr);

bool saveImageWhole(const QImage& image, const QString& file, const char* format = "PNG");
bool saveTextWhole(const QByteArray& text, const QString& file);

}  // namespace mnl::ui
