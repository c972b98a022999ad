// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the window asks of the engine for every frame (the network, the crop, how many classes,
// which feature maps), and what the engine is started with. No torch and no Qt here.

#include <filesystem>
#include <optional>

#include "mnl/architecture.h"
#include "mnl/compute_device.h"
#include "mnl/feature_maps.h"
#include "mnl/input_convention.h"
#include "mnl/saliency.h"

namespace mnl {

// A user's own weights, or none: which file, which reading of it, its labels and input
// normalisation. One value, so that "the same user model?" is one ==.
struct UserWeights {
  // Any format weight_set.h reads; empty for the bundled models. Its α and conv mode replace
  // those of EngineSettings::network; the resolution stays free.
  std::filesystem::path file;
  // Another number reads the same file again (a model trained further, saved over the old one).
  int request = 0;
  std::filesystem::path labelsFile;  // one label a line; empty: the model's default labels
  std::optional<Normalization> normalization;  // unset: what the weights were trained with
  bool given() const { return !file.empty(); }
  bool operator==(const UserWeights&) const = default;
};

struct EngineSettings {
  NetworkConfig network;  // α, resolution, conv mode (classes follow the weights)
  CropMode crop = CropMode::CenterSquare;
  int topK = 5;
  FeatureMapRequest featureMaps;
  bool wantFeatureMaps = true;
  SaliencyRequest saliency;  // off by default; Grad-CAM is paced (saliency_pacer.h)
  UserWeights user;  // none: the bundled model for `network`
  // The CPU's number format: Float32, or BFloat16 / Int8 where the CPU has the instructions
  // (elsewhere Float32 runs and ModelInfo::precisionProblem says why). While a reduced format
  // runs, float32 checks it every few frames (InferenceResult::precisionCheck). Float16 is
  // EngineOptions' (CUDA).
  Precision precision = Precision::Float32;
  bool operator==(const EngineSettings&) const = default;
};

struct EngineOptions {
  std::filesystem::path resourcesDir;  // bundled weights and labels
  DeviceKind device = DeviceKind::Cpu;
  int threads = 0;  // 0: LibTorch's default (the window passes its own policy's count)
  // On the CPU, run with fewer than `threads` while other programs keep the cores busy
  // (cpu_load.h): the window sets it, to stay smooth on a busy machine.
  bool adaptThreads = false;
  Precision precision = Precision::Float32;  // Float16 applies on CUDA only
};

}  // namespace mnl
