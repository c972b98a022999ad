// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The images of one folder (not its subfolders), each once, in file-name order. Files without an
// image extension (README, LICENSE…) are not considered; an image file that does not decode is
// reported as Skipped and the next read() goes on with the following file.

#include <filesystem>
#include <vector>

#include "mnl/media/frame_source.h"

namespace mnl {

class FolderSource : public FrameSource {
 public:
  explicit FolderSource(std::filesystem::path folder, SourceOptions options = {});

  SourceResult open() override;  // lists the folder
  SourceResult read(cv::Mat& bgr) override;
  SourceResult restart() override;

  SourceKind kind() const override { return SourceKind::Folder; }
  std::string name() const override;
  bool isLive() const override { return false; }
  double frameRate() const override { return 0; }
  cv::Size frameSize() const override { return size_; }
  const std::vector<std::filesystem::path>& files() const { return files_; }

 private:
  std::filesystem::path folder_;
  SourceOptions options_;
  std::vector<std::filesystem::path> files_;
  std::size_t next_ = 0;
  cv::Size size_;
};

// True for the extensions OpenCV's image codecs read (.jpg, .png, .bmp, …), any case.
bool hasImageExtension(const std::filesystem::path& file);

}  // namespace mnl
