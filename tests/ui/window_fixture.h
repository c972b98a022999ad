// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the window tests share: launch options that leave the user's settings alone and point
// at the source tree's resources and test photos.

#include <QString>

#include "mnl/ui/window_options.h"

namespace mnl::ui::test {

inline QString testData(const QString& file) {
  return QStringLiteral(MNL_TEST_DATA_DIR "/") + file;
}

inline WindowOptions launchOptions(const QString& source, double alpha = 1.0, int resolution = 224,
                                   ConvMode conv = ConvMode::Separable) {
  WindowOptions options;
  options.source = source;
  options.alpha = alpha;
  options.resolution = resolution;
  options.conv = conv;
  options.useSavedSettings = false;
  options.resourcesDir = MNL_RESOURCES_DIR;
  options.device = DeviceKind::Cpu;  // the same answers on every machine the tests run on
  return options;
}

}  // namespace mnl::ui::test
