// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/media/video_file_source.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "file_check.h"

namespace mnl {
namespace {

// FFmpeg first (it reads every common container and honours the open timeout); then OpenCV's
// own MJPEG reader, which needs nothing installed and reads the demo clip.
bool openCapture(cv::VideoCapture& capture, const std::string& file) {
  const std::vector<int> ffmpegParams{cv::CAP_PROP_OPEN_TIMEOUT_MSEC, 3000,
                                      cv::CAP_PROP_READ_TIMEOUT_MSEC, 3000};
  for (const int api : {cv::CAP_FFMPEG, cv::CAP_OPENCV_MJPEG}) {
    try {
      if (capture.open(file, api, api == cv::CAP_FFMPEG ? ffmpegParams : std::vector<int>{}))
        return true;
    } catch (const cv::Exception&) {
      // A backend that is not built in, or chokes on the file: try the next.
    }
  }
  return false;
}

// The longest run of undecodable frames read() looks past before it calls the rest of the
// file damaged; a bound on how long one read() can take.
constexpr std::int64_t kMaxDamagedRun = 250;

}  // namespace

VideoFileSource::VideoFileSource(std::filesystem::path file, SourceOptions options)
    : file_(std::move(file)), options_(options) {}

SourceResult VideoFileSource::fail(SourceStatus status, const std::string& why) {
  capture_.release();
  havePending_ = false;
  return remember({status, file_.string() + why, file_.string(), next_});
}

SourceResult VideoFileSource::open() {
  capture_.release();
  havePending_ = false;
  openedPastDamage_.reset();
  next_ = 0;
  if (auto problem = detail::checkFile(file_)) return remember(*problem);
  // Both failures read the same to a person: FFmpeg "opens" many junk files (by their name) and
  // only fails on the first frame.
  const char* undecodable = " is neither an image nor a video OpenCV can decode";
  if (!openCapture(capture_, file_.string())) return fail(SourceStatus::Undecodable, undecodable);
  // The frame size the container declares, before a frame is decoded.
  const double width = capture_.get(cv::CAP_PROP_FRAME_WIDTH);
  const double height = capture_.get(cv::CAP_PROP_FRAME_HEIGHT);
  if (std::isfinite(width) && std::isfinite(height) && width * height > double(options_.maxPixels))
    return fail(SourceStatus::TooLarge,
                ": " + detail::tooLargeMessage("video frames", std::int64_t(width),
                                               std::int64_t(height), options_.maxPixels));
  const double count = capture_.get(cv::CAP_PROP_FRAME_COUNT);
  frameCount_ = std::isfinite(count) && count > 0 ? static_cast<std::int64_t>(count) : 0;
  if (!decodeNext(pending_)) {
    // A container that announces frames is a video, damaged at the start: look past the
    // damage as read() does in the middle. Without a count, or with a count of one (FFmpeg
    // takes a junk .jpg for a one-frame video), it is a file OpenCV cannot decode.
    if (frameCount_ <= 1) return fail(SourceStatus::Undecodable, undecodable);
    const std::int64_t bad = readPastDamage();
    if (bad == 0) return truncated();
    openedPastDamage_ = skipped(0, bad);
    next_ = bad;
  }
  havePending_ = true;
  size_ = pending_.size();
  const double fps = capture_.get(cv::CAP_PROP_FPS);
  frameRate_ = std::isfinite(fps) && fps > 0 && fps < 1000 ? fps : 0;
  return remember({SourceStatus::Ok, {}, file_.string()});
}

std::int64_t VideoFileSource::readPastDamage() {
  // Both backends fail once per damaged frame and then go on with the next one (FFmpeg drops
  // the packet, OpenCV's MJPEG reader throws and moves on), so damage is a run of failures
  // followed by frames that decode: read on for one. None before the announced end (or within
  // kMaxDamagedRun frames) means the rest is missing or damaged.
  const std::int64_t limit = std::min(frameCount_ - next_, kMaxDamagedRun);
  for (std::int64_t bad = 1; bad < limit; ++bad)
    if (decodeNext(pending_)) return bad;
  return 0;
}

SourceResult VideoFileSource::skipped(std::int64_t first, std::int64_t bad) const {
  const std::string frames =
      bad == 1 ? "frame " + std::to_string(first + 1)
               : "frames " + std::to_string(first + 1) + " to " + std::to_string(first + bad);
  return {SourceStatus::Skipped,
          file_.string() + ": " + frames + " of " + std::to_string(frameCount_) +
              " could not be decoded; skipped",
          file_.string(), first};
}

SourceResult VideoFileSource::truncated() {
  return fail(SourceStatus::Undecodable,
              ": frame " + std::to_string(next_ + 1) + " of " + std::to_string(frameCount_) +
                  " could not be decoded (the file looks truncated or damaged)");
}

bool VideoFileSource::decodeNext(cv::Mat& bgr) {
  try {
    return capture_.read(bgr) && !bgr.empty();
  } catch (const cv::Exception&) {
    return false;  // OpenCV's MJPEG reader throws on a damaged frame
  }
}

SourceResult VideoFileSource::read(cv::Mat& bgr) {
  if (openedPastDamage_) {  // the frames open() looked past, before the first one shown
    const SourceResult notice = *openedPastDamage_;
    openedPastDamage_.reset();
    return remember(notice);
  }
  if (havePending_) {
    havePending_ = false;
    pending_.copyTo(bgr);
    return remember({SourceStatus::Ok, {}, file_.string(), next_++});
  }
  if (!capture_.isOpened())
    return remember({SourceStatus::NotOpen, name() + " is not open", file_.string(), next_});
  // Decoded aside, so that a failure leaves the caller's frame as it was (OpenCV empties the
  // Mat it was given when a read fails); the swap keeps reusing the caller's old buffer.
  if (decodeNext(pending_)) {
    cv::swap(bgr, pending_);
    return remember({SourceStatus::Ok, {}, file_.string(), next_++});
  }

  // The container said how many frames there are: stopping short means damage, not the end.
  if (frameCount_ > 0 && next_ < frameCount_) {
    const std::int64_t bad = readPastDamage();
    if (bad == 0) return truncated();
    havePending_ = true;  // handed out by the next read(), numbered after the gap
    const std::int64_t first = next_;
    next_ += bad;
    return remember(skipped(first, bad));
  }
  if (!options_.loop) return remember({SourceStatus::EndOfStream, {}, file_.string(), next_});
  if (const SourceResult reopened = open(); !reopened.ok()) return reopened;
  return read(bgr);
}

}  // namespace mnl
