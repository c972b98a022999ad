// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A video file, read frame by frame (optionally looping).

#include <opencv2/videoio.hpp>

#include <filesystem>

#include "mnl/media/frame_source.h"

namespace mnl {

class VideoFileSource : public FrameSource {
 public:
  explicit VideoFileSource(std::filesystem::path file, SourceOptions options = {});

  // Opens the file and decodes its first frame, so a file that opens but holds no decodable
  // frame is reported here (Undecodable) rather than as an empty video.
  SourceResult open() override;
  // A frame in the middle that does not decode (damaged data) is answered with Skipped,
  // naming it, and the next read() goes on after it; frames missing before the count the
  // container announced end the stream as Undecodable (a truncated file).
  SourceResult read(cv::Mat& bgr) override;
  SourceResult restart() override { return open(); }

  SourceKind kind() const override { return SourceKind::VideoFile; }
  std::string name() const override { return file_.filename().string(); }
  bool isLive() const override { return false; }
  double frameRate() const override { return frameRate_; }
  cv::Size frameSize() const override { return size_; }
  // Frames the container announces; 0 when it does not say.
  std::int64_t frameCount() const { return frameCount_; }

 private:
  SourceResult fail(SourceStatus status, const std::string& why);
  bool decodeNext(cv::Mat& bgr);  // false for a frame that does not decode, and at the end

  std::filesystem::path file_;
  SourceOptions options_;
  cv::VideoCapture capture_;
  // A frame decoded ahead and handed out by the next read(): the first one, decoded by open(),
  // and the one after a run of damaged frames.
  cv::Mat pending_;
  bool havePending_ = false;
  std::int64_t next_ = 0;  // index of the next frame read() returns
  std::int64_t frameCount_ = 0;
  double frameRate_ = 0;
  cv::Size size_;
};

}  // namespace mnl
