// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the inference thread does next, as a pure function of what it holds and what it was
// asked (InferenceThread::run waits on it, as Qt's mandelbrot RenderThread waits on its
// condition): run a frame now, wait until the settings have been still long enough, or sleep
// until something arrives. Table-tested in tst_ui_units (nextWorkIsDecided).

namespace mnl::ui {

struct WorkState {
  bool haveSettings = false;      // settings were ever given
  bool configured = false;        // the engine holds settings from a request at least once
  bool networkRequested = false;  // the request asks for another network than the one applied
  bool quietLongEnough = false;   // the request has been still for the settle time
  bool frameWaiting = false;      // a new frame is in the mailbox
  bool haveLastFrame = false;     // a frame was run before (re-run on a change of settings)
  bool settingsChanged = false;   // settings came in since they were last taken
  bool profileRequested = false;  // a timed pass of every layer was asked for
  bool held = false;              // another job has the cores (the sweep): run nothing
};

struct NextWork {
  enum class Action {
    Run,             // take the frame (or re-run the last) with `takeRequest`'s settings
    WaitToSettle,    // sleep until the request has been still for the settle time
    Wait,            // sleep until a frame or settings arrive
  };
  Action action = Action::Wait;
  // Run with the requested settings; false: keep the network applied until the request rests
  // (a slider being dragged costs one rebuild, where it stops).
  bool takeRequest = false;
};

constexpr NextWork nextWork(const WorkState& s) {
  if (s.held) return {NextWork::Action::Wait, false};
  const bool networkPending = s.haveSettings && (!s.configured || s.networkRequested);
  // The first network is built at once; later ones once the request has been quiet.
  const bool settled = !s.configured || !networkPending || s.quietLongEnough;
  const bool canRun = s.haveSettings && (s.frameWaiting || s.haveLastFrame);
  const bool settingsWork = s.settingsChanged && settled && s.haveLastFrame;
  if (s.haveSettings && (s.frameWaiting || settingsWork || (s.profileRequested && canRun)))
    return {NextWork::Action::Run, settled};
  if (s.settingsChanged && !settled) return {NextWork::Action::WaitToSettle, false};
  return {NextWork::Action::Wait, false};
}

}  // namespace mnl::ui
