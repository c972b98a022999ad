// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/media/camera_list.h"

#include <algorithm>
#include <system_error>

#ifdef __linux__
#include <fcntl.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <unistd.h>
#endif

namespace mnl {

std::vector<CameraInfo> listCameras(const std::filesystem::path& devDir) {
  std::vector<CameraInfo> cameras;
#ifdef __linux__
  std::error_code error;
  for (std::filesystem::directory_iterator it(devDir, error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with("video") || name.size() == 5 ||
        name.find_first_not_of("0123456789", 5) != std::string::npos)
      continue;
    // VIDIOC_QUERYCAP answers at once, even while another program streams from the camera;
    // nothing is captured.
    const int fd = ::open(it->path().c_str(), O_RDWR | O_NONBLOCK);
    if (fd < 0) continue;
    v4l2_capability caps{};
    const bool queried = ::ioctl(fd, VIDIOC_QUERYCAP, &caps) == 0;
    ::close(fd);
    const std::uint32_t which =
        caps.capabilities & V4L2_CAP_DEVICE_CAPS ? caps.device_caps : caps.capabilities;
    if (!queried || !(which & V4L2_CAP_VIDEO_CAPTURE)) continue;
    cameras.push_back(
        {std::stoi(name.substr(5)), it->path().string(), reinterpret_cast<const char*>(caps.card)});
  }
  std::sort(cameras.begin(), cameras.end(),
            [](const CameraInfo& a, const CameraInfo& b) { return a.index < b.index; });
#else
  (void)devDir;
#endif
  return cameras;
}

}  // namespace mnl
