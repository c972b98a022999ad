// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A V4L2 camera (Linux) or the platform's default camera API elsewhere.

#include <opencv2/videoio.hpp>

#include <string>

#include "mnl/media/frame_source.h"

namespace mnl {

class CameraSource : public FrameSource {
 public:
  explicit CameraSource(int index, SourceOptions options = {});
  // A device path such as /dev/video2.
  explicit CameraSource(std::string devicePath, SourceOptions options = {});

  SourceResult open() override;
  SourceResult read(cv::Mat& bgr) override;
  SourceResult restart() override { return open(); }

  SourceKind kind() const override { return SourceKind::Camera; }
  std::string name() const override;
  bool isLive() const override { return true; }
  double frameRate() const override;
  cv::Size frameSize() const override;

 private:
  SourceResult failure(SourceStatus status, const std::string& why);

  int index_ = -1;          // -1 when given a path that is not /dev/videoN
  std::string devicePath_;  // empty off Linux when given an index
  SourceOptions options_;
  cv::VideoCapture capture_;
  std::int64_t frames_ = 0;  // read since open
};

}  // namespace mnl
