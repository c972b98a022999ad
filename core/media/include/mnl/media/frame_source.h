// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where frames come from: a camera, a video file, one image or a folder of images, behind one
// interface so the window and the CLI treat them alike. OpenCV decodes; no Qt and no torch here.
//
// Nothing a source meets in the wild (a missing or busy camera, one unplugged mid-stream, an
// empty, junk or truncated file) throws or blocks for long: every call answers with a
// SourceResult whose status says what happened and whose message says it to a person.
// A source is not thread-safe: one thread opens and reads it.

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "mnl/frame.h"

namespace mnl {

enum class SourceStatus {
  Ok,            // a frame was read (or the source opened)
  NotOpen,       // open() was not called, or failed
  EndOfStream,   // a video or folder (not looping) or a single image has nothing more
  NotFound,      // no such file, folder or camera device
  Unavailable,   // the camera exists but cannot be used (busy, no permission, not a capture device)
  Disconnected,  // a camera stopped delivering frames (unplugged, taken by another program)
  Undecodable,   // a file that is not, or no longer, a picture OpenCV can decode (empty, junk,
                 // truncated); for a video this ends the stream
  Skipped,       // a folder's file, or a run of a video's frames (at its start or in the
                 // middle), could not be decoded and was passed over; read on for the next
  TooLarge,      // an image or a video whose frames declare more pixels than
                 // SourceOptions::maxPixels: refused before anything is decoded
};

std::string_view toString(SourceStatus status);

struct SourceResult {
  SourceStatus status = SourceStatus::NotOpen;
  std::string message;      // for people; names the source or file; empty when Ok
  std::string item;         // the file (folder, image, video) or device the answer is about
  std::int64_t index = -1;  // frame number since open/restart (video, camera); file number in a
                            // folder's sorted list; -1 when no frame is concerned
  bool ok() const { return status == SourceStatus::Ok; }
};

// Images (and a folder's) larger than this on their longer side are shrunk to it when read
// (aspect kept): a 16000 × 16000 photo would otherwise cost 768 MB per frame copy.
inline constexpr int kMaxImageSide = 4096;

enum class SourceKind { Camera, VideoFile, Image, Folder };

struct SourceOptions {
  bool loop = false;    // video and folder start again at the end; an image repeats (a live view)
  int cameraWidth = 0;  // requested capture size; 0 keeps the camera's default
  int cameraHeight = 0;
  // The most pixels an image or a video frame may declare (its header, before decoding): more
  // is refused as TooLarge, or a JPEG is decoded at 1/2, 1/4 or 1/8 of its size when that fits.
  std::int64_t maxPixels = 50'000'000;  // kDefaultMaxPixels (image_header.h)
};

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  FrameSource(const FrameSource&) = delete;
  FrameSource& operator=(const FrameSource&) = delete;

  // Opens (or reopens) the source. Never throws; a camera gives up within a few seconds.
  virtual SourceResult open() = 0;
  // The next frame as 8-bit BGR, reusing `bgr`'s buffer where it can. On anything but Ok, `bgr`
  // is left as it was.
  virtual SourceResult read(cv::Mat& bgr) = 0;
  // The same, as an mnl::Frame (a copy the engine may keep), numbered and time-stamped.
  SourceResult read(Frame& frame);
  // Back to the first frame (reopens a camera, e.g. after it was unplugged).
  virtual SourceResult restart() = 0;

  virtual SourceKind kind() const = 0;
  virtual std::string name() const = 0;  // "Camera 0", "demo.avi", "photos/" — for menus
  virtual bool isLive() const = 0;       // a camera: frames come at its pace and are not replayable
  // Frames per second the source is meant to be shown at; 0 when it has none (images, folders,
  // a camera that does not say). A source never sleeps: pacing is the caller's job.
  virtual double frameRate() const = 0;
  // Size of the frames (0 × 0 before the first one is known; a folder: the last image's).
  virtual cv::Size frameSize() const = 0;

  const SourceResult& lastResult() const { return last_; }

 protected:
  FrameSource() = default;
  // Keeps `result` as lastResult() and returns it.
  SourceResult remember(SourceResult result);

 private:
  SourceResult last_;
  cv::Mat scratch_;
  std::int64_t sequence_ = 0;
};

}  // namespace mnl
