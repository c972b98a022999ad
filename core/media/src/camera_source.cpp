// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/media/camera_source.h"

#include "mnl/media/source_spec.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#ifdef __linux__
#include <fcntl.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <unistd.h>
#endif

namespace mnl {
namespace {

// N of "/dev/videoN", or -1.
int indexFromPath(const std::string& path) {
  return path.starts_with("/dev/") ? cameraIndex(path).value_or(-1) : -1;
}

#ifdef __linux__
// Asks the device node itself before OpenCV does: a missing node, a node we may not open and a
// node that is not a capture device (webcams also expose metadata nodes) are told apart at once.
// Returns "" when the device looks usable, else why not.
std::string probeDevice(const std::string& path, SourceStatus& status) {
  const int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK);
  if (fd < 0) {
    status = errno == ENOENT || errno == ENODEV || errno == ENXIO ? SourceStatus::NotFound
                                                                  : SourceStatus::Unavailable;
    return status == SourceStatus::NotFound ? "no such device" : std::strerror(errno);
  }
  v4l2_capability caps{};
  const bool queried = ::ioctl(fd, VIDIOC_QUERYCAP, &caps) == 0;
  ::close(fd);
  const std::uint32_t which =
      caps.capabilities & V4L2_CAP_DEVICE_CAPS ? caps.device_caps : caps.capabilities;
  if (!queried || !(which & V4L2_CAP_VIDEO_CAPTURE)) {
    status = SourceStatus::Unavailable;
    return "not a video capture device";
  }
  return {};
}
#endif

}  // namespace

CameraSource::CameraSource(int index, SourceOptions options) : index_(index), options_(options) {
#ifdef __linux__
  devicePath_ = "/dev/video" + std::to_string(index);
#endif
}

CameraSource::CameraSource(std::string devicePath, SourceOptions options)
    : index_(indexFromPath(devicePath)), devicePath_(std::move(devicePath)), options_(options) {}

std::string CameraSource::name() const {
  return index_ >= 0 ? "Camera " + std::to_string(index_) : "Camera " + devicePath_;
}

SourceResult CameraSource::failure(SourceStatus status, const std::string& why) {
  capture_.release();
  return remember({status, name() + " is not available (" + why + ")", devicePath_, frames_});
}

SourceResult CameraSource::open() {
  capture_.release();
  frames_ = 0;
#ifdef __linux__
  // A stalled camera: OpenCV's V4L2 select timeout is 2 s, not 10, where the program called
  // configureProcess (process_setup.h) at the start of main().
  SourceStatus status = SourceStatus::Ok;
  if (const std::string why = probeDevice(devicePath_, status); !why.empty())
    return failure(status, why);
  const int api = cv::CAP_V4L2;
#else
  const int api = cv::CAP_ANY;
#endif
  // No CAP_PROP_OPEN_TIMEOUT_MSEC here: OpenCV 4.6 applies it to FFmpeg only (videoio.hpp).
  // V4L2's open does not wait for frames; the probe above and the select timeout bound it.
  bool opened = false;
  try {
    // The device path, not the index: the index form maps through the backend's own numbering.
    opened = devicePath_.empty() ? capture_.open(index_, api) : capture_.open(devicePath_, api);
  } catch (const cv::Exception&) {
  }
  if (!opened) return failure(SourceStatus::Unavailable, "no such device or it is busy");
  if (options_.cameraWidth > 0 && options_.cameraHeight > 0) {
    capture_.set(cv::CAP_PROP_FRAME_WIDTH, options_.cameraWidth);
    capture_.set(cv::CAP_PROP_FRAME_HEIGHT, options_.cameraHeight);
  }
  return remember({SourceStatus::Ok, {}, devicePath_});
}

SourceResult CameraSource::read(cv::Mat& bgr) {
  if (!capture_.isOpened())
    return remember({SourceStatus::NotOpen, name() + " is not open", devicePath_, frames_});
  bool grabbed = false;
  try {
    grabbed = capture_.read(bgr) && !bgr.empty();
  } catch (const cv::Exception&) {
  }
  if (grabbed) return remember({SourceStatus::Ok, {}, devicePath_, frames_++});
  // Streaming starts at the first read: a camera another program holds fails here, not in open.
  if (frames_ == 0) return failure(SourceStatus::Unavailable, "it is busy or gives no frames");
  capture_.release();
  return remember({SourceStatus::Disconnected,
                   name() + " stopped delivering frames (unplugged, or taken by another program)",
                   devicePath_, frames_});
}

double CameraSource::frameRate() const {
  const double fps = capture_.isOpened() ? capture_.get(cv::CAP_PROP_FPS) : 0;
  return fps > 0 && fps < 1000 ? fps : 0;
}

cv::Size CameraSource::frameSize() const {
  if (!capture_.isOpened()) return {};
  return {static_cast<int>(capture_.get(cv::CAP_PROP_FRAME_WIDTH)),
          static_cast<int>(capture_.get(cv::CAP_PROP_FRAME_HEIGHT))};
}

}  // namespace mnl
