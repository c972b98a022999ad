// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulated_camera.h"

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "mnl/media/frame_source.h"
#include "mnl/media/open_source.h"
#include "mnl/ui/inference_thread.h"

namespace mnl::gui {

// What the sources share with the window: whether the frame read last is still waiting for the
// network. Touches no window object (a source let go may still be reading after the window has
// gone); the inference thread's signal reaches it through a connection that holds it.
class SimulatedCamera::Demand {
 public:
  static void attach(const std::shared_ptr<Demand>& demand, ui::InferenceThread* inference) {
    // Direct: the inference thread wakes a waiting reader itself, with no event loop between.
    QObject::connect(inference, &ui::InferenceThread::frameTaken, inference,
                     [demand] { demand->taken(); }, Qt::DirectConnection);
    std::lock_guard lock(demand->mutex_);
    demand->attached_ = true;
  }

  // Capture worker's thread, before a read: until the last frame read was taken, or kPatienceMs.
  void awaitWanted() {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(kPatienceMs),
                   [this] { return !attached_ || !outstanding_; });
  }
  // After a read that gave a frame: it is on its way to the network.
  void read() {
    std::lock_guard lock(mutex_);
    outstanding_ = true;
  }

 private:
  void taken() {
    {
      std::lock_guard lock(mutex_);
      outstanding_ = false;
    }
    wake_.notify_all();
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  bool attached_ = false;     // guarded by mutex_
  bool outstanding_ = false;  // guarded by mutex_
};

namespace {

class SimulatedCameraSource : public FrameSource {
 public:
  SimulatedCameraSource(std::unique_ptr<FrameSource> inner,
                        std::shared_ptr<SimulatedCamera::Demand> demand)
      : inner_(std::move(inner)), demand_(std::move(demand)) {
    remember(inner_->lastResult());
  }
  SourceResult open() override { return remember(inner_->open()); }
  SourceResult read(cv::Mat& bgr) override {
    demand_->awaitWanted();
    const SourceResult result = remember(inner_->read(bgr));
    if (result.ok()) demand_->read();
    return result;
  }
  SourceResult restart() override { return remember(inner_->restart()); }
  SourceKind kind() const override { return inner_->kind(); }
  std::string name() const override { return inner_->name(); }
  // A single image stays one still frame (the capture thread reads it once).
  bool isLive() const override { return inner_->kind() != SourceKind::Image; }
  double frameRate() const override { return 0; }
  cv::Size frameSize() const override { return inner_->frameSize(); }

 private:
  std::unique_ptr<FrameSource> inner_;
  std::shared_ptr<SimulatedCamera::Demand> demand_;
};

}  // namespace

SimulatedCamera::SimulatedCamera() : demand_(std::make_shared<Demand>()) {}
SimulatedCamera::~SimulatedCamera() = default;

SourceFactory SimulatedCamera::factory() const {
  return [demand = demand_](const std::string& spec,
                            const SourceOptions& options) -> std::unique_ptr<FrameSource> {
    return std::make_unique<SimulatedCameraSource>(mnl::openSource(spec, options), demand);
  };
}

void SimulatedCamera::attach(ui::InferenceThread* inference) {
  Demand::attach(demand_, inference);
}

}  // namespace mnl::gui
