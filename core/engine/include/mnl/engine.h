// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The inference engine behind the app: one MobileNet v1 with its weights, run on one frame at a
// time, returning everything the window shows as one immutable snapshot (inference_result.h).
// Torch stays inside the implementation: this header is what the Qt side includes.
//
// An Engine is not thread-safe: it lives on the inference thread, which alone calls it.

#include <memory>
#include <string>
#include <vector>

#include "mnl/compute_device.h"
#include "mnl/engine_settings.h"
#include "mnl/frame.h"
#include "mnl/inference_result.h"

namespace mnl {

class Engine {
 public:
  explicit Engine(const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Applies new settings; rebuilds the network (and loads weights) only if α, resolution, conv
  // mode, weights file, labels or normalisation changed. Throws std::invalid_argument for an
  // invalid network and WeightsError for a weights or labels file that cannot be used; either
  // way the engine keeps the network and settings it had.
  void configure(const EngineSettings& settings);
  const EngineSettings& settings() const;
  const ModelInfo& model() const;
  DeviceInfo device() const;

  // Classifies one frame with the current settings.
  std::shared_ptr<const InferenceResult> run(const Frame& frame);

  // Times each layer of the current network on the last frame's input (or a blank one).
  std::vector<LayerTiming> profileLayers(int repetitions = 3);

  // Empty when this machine's CPU runs `precision` (bf16, int8: the instructions they need);
  // else why not, in a sentence. For the window's format choice.
  static std::string cpuPrecisionProblem(Precision precision);
  // Empty, or why `precision` shows accuracy and not speed on this CPU (emulated in software).
  static std::string cpuEmulationNote(Precision precision);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mnl
