// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/metatypes.h"

namespace mnl::ui {

void registerMetatypes() {
  qRegisterMetaType<ResultPtr>("mnl::ui::ResultPtr");
  qRegisterMetaType<LayerTimings>("mnl::ui::LayerTimings");
  qRegisterMetaType<Frame>("mnl::Frame");
  qRegisterMetaType<DeviceInfo>("mnl::DeviceInfo");
  qRegisterMetaType<NetworkConfig>("mnl::NetworkConfig");
  qRegisterMetaType<EngineSettings>("mnl::EngineSettings");
}

}  // namespace mnl::ui
