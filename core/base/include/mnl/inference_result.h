// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the engine hands back for one frame, and what it says about the model that made it:
// immutable snapshots that cross from the inference thread to the window. No torch, no Qt.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mnl/architecture.h"
#include "mnl/compute_device.h"
#include "mnl/engine_settings.h"
#include "mnl/feature_maps.h"
#include "mnl/input_convention.h"
#include "mnl/prediction.h"
#include "mnl/saliency.h"

namespace mnl {

struct ModelInfo {
  NetworkConfig network;       // as built (classes from the weights)
  bool trained = false;        // false: random weights, labels mean nothing
  std::string weights;         // "mobilenet_v1_0.5_160_quant.tflite (bundled)", "untrained (random, seed 1)"
  Preprocessing preprocessing;
  std::string weightsFormat;   // "PyTorch checkpoint", "TFLite"…; empty for random weights
  bool userWeights = false;    // from EngineSettings::weightsFile, not a bundled model
  Precision precision = Precision::Float32;  // the CPU's number format as built
  std::string precisionProblem;  // why EngineSettings::precision is not the one that runs
};

// What a reduced number format costs, measured live: every `every`-th frame also runs in
// float32, and the two are compared. Counts cover the last checks since the network was built.
struct PrecisionCheck {
  Precision precision = Precision::Float32;
  int every = 0;     // frames per check
  int checked = 0;   // checks counted (at most kPrecisionChecksKept)
  long long sequence = 0;  // checks run since the network was built: a new one, a new number
  int agreeing = 0;  // of them, with float32's top-1
  double largestProbabilityDifference = 0;  // over those checks, any class
  // Over the checks whose top-1 differs: fp32's probability for its own top-1 minus its
  // probability for the class the reduced format chose, the largest (0 when all agree). Small:
  // the format turned only near ties, which an invisible change of the pixels turns in fp32 too.
  double largestLeadTurned = 0;
  // The last check's relative error of each convolution's output against float32
  // (‖reduced − fp32‖ / ‖fp32‖), in layer order: where the precision is lost.
  std::vector<std::pair<std::string, double>> layerErrors;
  // Int8: its calibration measured on this source (the fp32 passes of the first checks), once
  // that has happened: on how many checked frames (0: not yet: every layer covers ReLU6's 0…6,
  // the biases are the file's), and how many layers came out finer than that. The network was
  // rebuilt with it (scales, and biases that make up for the weights' rounding); the counts
  // above start again from there.
  int calibratedOn = 0;
  int finerLayers = 0;
};
inline constexpr int kPrecisionChecksKept = 60;

// Everything one frame produced. Built once, then only read: safe to share across threads.
struct InferenceResult {
  std::int64_t frameSequence = 0;
  std::chrono::steady_clock::time_point captured{};
  EngineSettings settings;
  ModelInfo model;
  std::vector<Prediction> top;
  std::optional<FeatureMaps> featureMaps;
  // The saliency map the settings ask for: computed on this frame, or, for Grad-CAM on the
  // frames between two it can afford, the last one (its frameSequence says which), placed at
  // this frame's crop. Empty when off, or when saliencyProblem says why not.
  std::optional<SaliencyMap> saliency;
  int saliencyInterval = 0;     // frames per map now: 1 every frame, N every N-th, 0 off
  std::string saliencyProblem;  // one sentence: a layer this network lacks, a class past its classes
  double preprocessMs = 0;
  double forwardMs = 0;     // network only
  int threads = 0;          // CPU threads the network ran with (the window may use fewer)
  double postprocessMs = 0; // softmax, top-k, feature-map reduction and copy to the host
  bool rebuilt = false;     // this frame was the first after a model rebuild
  std::optional<PrecisionCheck> precisionCheck;  // while a reduced format runs
};

// Per-layer latency from a separate timed pass (a timer per layer slows the whole pass, so this
// is never the pass whose total is reported).
struct LayerTiming {
  std::string name;
  double milliseconds = 0;
};

}  // namespace mnl
