// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One thread per opened source, for the source's whole life (the shape of Qt's mandelbrot
// RenderThread, one per source): it opens the spec, then reads it at the source's own pace (a
// video at its frame rate, a folder's slides every kSlideSeconds, a camera as fast as it gives
// frames) and tells a Listener about every frame and event. Pausing stops reading; a step reads
// one frame while paused. The source never leaves this thread, so it needs no locking.
//
// Letting go (the destructor) never waits on the source, since a camera open can take seconds
// and a seek can hang. It takes the listener away, waiting only for a listener call already
// under way, so the listener is never called again and its owner may go; the thread finishes
// the call it is in, frees the source and ends on its own. Until it ends it is an *abandoned*
// worker, and belongs to the process: abandoned() counts them, and waitForAbandoned() joins
// them, which a program does before it returns from main() so that no static destructor (of
// OpenCV, of the C++ runtime) runs under a thread that is still inside OpenCV.
//
// A new worker for the same camera would find it busy while its predecessor still holds it: a
// worker that replaces another waits, on its own thread, until that one has freed its source,
// for at most kHandOverSeconds (a predecessor stuck in a call keeps it longer).
//
// No Qt here: the window's CaptureThread turns a Listener into its signals.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "mnl/frame.h"
#include "mnl/media/frame_source.h"
#include "mnl/media/source_factory.h"

namespace mnl {

class SourceWorker {
 public:
  // Called on the worker's thread, one call at a time, never after the worker was let go.
  // Letting go waits for a call under way, so a call must be quick and must not let go of its
  // own worker.
  class Listener {
   public:
    virtual ~Listener() = default;
    // Opened; `source`'s name(), kind(), frameRate() and isLive() may be read during the call.
    virtual void opened(const FrameSource& source) = 0;
    // Could not be opened (no such camera or file, a busy camera); the worker ends.
    virtual void failed(const SourceResult& result) = 0;
    virtual void frame(const Frame& frame) = 0;
    // Something passed over before the next frame (a folder's file that is not an image).
    virtual void skipped(const SourceResult& result) = 0;
    // No more frames (a single image, read once); the worker ends.
    virtual void ended(const std::string& name) = 0;
    // Stopped with an error after frames were shown (a camera unplugged, a video truncated
    // mid-way). The source is already freed, so a re-plugged camera can be opened again; the
    // worker ends.
    virtual void lost(const std::string& name, const SourceResult& result) = 0;
  };


  // Folders have no frame rate: how long each image stays up.
  static constexpr double kSlideSeconds = 2.0;
  // How long a worker waits for its predecessor to free its source before opening anyway.
  static constexpr double kHandOverSeconds = 1.0;

  // Starts the thread. `listener` must outlive this object (not the thread). `predecessor`: the
  // worker this one replaces (or null), let go of here before the thread starts.
  SourceWorker(std::string spec, SourceFactory open, SourceOptions options, Listener& listener,
               bool paused, std::unique_ptr<SourceWorker> predecessor = nullptr);
  ~SourceWorker();  // lets go, see above
  SourceWorker(const SourceWorker&) = delete;
  SourceWorker& operator=(const SourceWorker&) = delete;

  void setPaused(bool paused);
  // One frame while paused (when paused later, if asked while playing).
  void step();

  // Process-wide: abandoned workers whose threads have not ended yet.
  static int abandoned();
  // Joins abandoned workers as they end, until none is left (true) or `timeout` has passed
  // (false: some call has outlived every timeout its source sets itself).
  static bool waitForAbandoned(std::chrono::milliseconds timeout);

  struct State;  // what the thread shares with its owner; source_worker.cpp

 private:
  // Shared with the thread, which outlives this object when it is abandoned.
  std::shared_ptr<State> state_;
  std::thread thread_;
};

}  // namespace mnl
