// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The frame source the meter measures the window with (--measure, --soak): a camera faster than
// the network, made from a video file or a folder. The capture thread reads it as it reads a
// camera, without the file's frame rate. Once attached to the window's inference thread it
// reads (decodes) the next frame only when the network has taken the last one, as a camera's
// frame costs the CPU nothing until it is converted: decoding every frame as fast as the file
// allows would put a load on the machine that no camera puts there, and the measurement would
// time that load (docs/benchmarks.md, "A busy machine").

#include <memory>

#include "mnl/media/source_factory.h"

namespace mnl::ui {
class InferenceThread;
}

namespace mnl::gui {

class SimulatedCamera {
 public:
  SimulatedCamera();
  ~SimulatedCamera();
  SimulatedCamera(const SimulatedCamera&) = delete;
  SimulatedCamera& operator=(const SimulatedCamera&) = delete;

  // Opens sources as mnl::openSource does, as simulated cameras (a single image stays a still).
  // The sources it makes may outlive this object.
  SourceFactory factory() const;
  // UI thread, once the window exists. Until then a read does not wait, and once attached it
  // waits kPatienceMs at most (a rebuild, a frame that never reached the network).
  void attach(ui::InferenceThread* inference);

  static constexpr int kPatienceMs = 50;

  class Demand;  // simulated_camera.cpp

 private:
  std::shared_ptr<Demand> demand_;
};

}  // namespace mnl::gui
