// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A video file, read frame by frame (optionally looping).

#include <opencv2/videoio.hpp>

#include <filesystem>
#include <optional>

#include "mnl/media/frame_source.h"

namespace mnl {

class VideoFileSource : public FrameSource {
 public:
  explicit VideoFileSource(std::filesystem::path file, SourceOptions options = {});

  // Opens the file and decodes its first frame, so a file that opens but holds no decodable
  // frame is reported here (Undecodable) rather than as an empty video. A video whose first
  // frames are damaged opens at the first one that decodes; the first read() then answers
  // Skipped for the run, as for damage in the middle.
  SourceResult open() override;
  // A frame that does not decode (damaged data) is answered with Skipped,
  // naming it, and the next read() goes on after it; frames missing before the count the
  // container announced end the stream as Undecodable (a truncated file).
  SourceResult read(cv::Mat& bgr) override;
  SourceResult restart() override { return open(); }

  SourceKind kind() const override { return SourceKind::VideoFile; }
  std::string name() const override { return file_.filename().string(); }
  bool isLive() const override { return false; }
  double frameRate() const override { return frameRate_; }
  cv::Size frameSize() const override { return size_; }

 private:
  SourceResult fail(SourceStatus status, const std::string& why);
  bool decodeNext(cv::Mat& bgr);  // false for a frame that does not decode, and at the end
  // After a frame at next_ failed to decode: reads on into pending_ (as far as the announced
  // count, at most kMaxDamagedRun frames) and returns how many frames failed before one
  // decoded, or 0 if none did.
  std::int64_t readPastDamage();
  // The Skipped answer for `bad` frames from `first` (0-based), or the Undecodable failure
  // when the damage runs to the end.
  SourceResult skipped(std::int64_t first, std::int64_t bad) const;
  SourceResult truncated();

  std::filesystem::path file_;
  SourceOptions options_;
  cv::VideoCapture capture_;
  // A frame decoded ahead and handed out by the next read(): the first one, decoded by open(),
  // and the one after a run of damaged frames.
  cv::Mat pending_;
  bool havePending_ = false;
  // Damage at the start, found by open() and reported by the first read().
  std::optional<SourceResult> openedPastDamage_;
  std::int64_t next_ = 0;  // index of the next frame read() returns
  std::int64_t frameCount_ = 0;
  double frameRate_ = 0;
  cv::Size size_;
};

}  // namespace mnl
