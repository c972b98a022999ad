// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The cameras present now, for a Source menu: quick (no capture is started), Linux V4L2 only.

#include <filesystem>
#include <string>
#include <vector>

namespace mnl {

struct CameraInfo {
  int index = 0;     // N of /dev/videoN: what CameraSource(int) takes
  std::string path;  // /dev/videoN
  std::string name;  // the driver's card name, e.g. "HD Pro Webcam C920"
};

// Every videoN node under `devDir` that is a video capture device (a webcam also exposes
// metadata nodes; those are left out), by index. Empty off Linux.
std::vector<CameraInfo> listCameras(const std::filesystem::path& devDir = "/dev");

}  // namespace mnl
