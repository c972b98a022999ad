// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One still image: read once, or (SourceOptions::loop) on every read, as a live view of it.

#include <filesystem>

#include "mnl/media/frame_source.h"

namespace mnl {

class ImageSource : public FrameSource {
 public:
  explicit ImageSource(std::filesystem::path file, SourceOptions options = {});

  SourceResult open() override;  // decodes the image
  SourceResult read(cv::Mat& bgr) override;
  SourceResult restart() override;

  SourceKind kind() const override { return SourceKind::Image; }
  std::string name() const override { return file_.filename().string(); }
  bool isLive() const override { return false; }
  double frameRate() const override { return 0; }
  cv::Size frameSize() const override { return image_.size(); }

 private:
  std::filesystem::path file_;
  SourceOptions options_;
  cv::Mat image_;
  std::int64_t reads_ = 0;
};

}  // namespace mnl
