// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/save_whole.h"

#include <QSaveFile>

namespace mnl::ui {

bool saveWhole(const QString& file, const std::function<bool(QIODevice&)>& write, QString* error) {
  QSaveFile out(file);
  const bool ok = out.open(QIODevice::WriteOnly) && write(out) && out.commit();
  if (!ok && error) *error = out.errorString();
  return ok;  // out's destructor discards the temporary of a failed write
}

bool saveImageWhole(const QImage& image, const QString& file, const char* format) {
  return !image.isNull() &&
         saveWhole(file, [&](QIODevice& out) { return image.save(&out, format); });
}

bool saveTextWhole(const QByteArray& text, const QString& file) {
  return saveWhole(file, [&](QIODevice& out) { return out.write(text) == text.size(); });
}

}  // namespace mnl::ui
