// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The inference engine behind the app: one MobileNet v1 with its weights, run on one frame at a
// time, returning everything the window shows as one immutable snapshot. Torch stays inside the
// implementation: this header is what the Qt side includes.
//
// An Engine is not thread-safe: it lives on the inference thread, which alone calls it.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mnl/architecture.h"
#include "mnl/preprocessing.h"

namespace mnl {

// A decoded picture: 8-bit BGR, rows packed (OpenCV's CV_8UC3 with a continuous buffer).
struct Frame {
  int width = 0;
  int height = 0;
  std::shared_ptr<const std::vector<std::uint8_t>> bgr;  // width × height × 3 bytes
  std::int64_t sequence = 0;  // increases with each captured frame of a source
  std::chrono::steady_clock::time_point captured{};
};

enum class DeviceKind { Cpu, Cuda };

// The number format the network computes in. Float16 halves the memory traffic and runs on a
// GPU's tensor cores; it is a CUDA option (the CPU has no fast half-precision convolution, and
// runs Float32 instead, with a notice). docs/benchmarks.md gives what it changes in top-1 and
// probabilities on the test photos.
enum class Precision { Float32, Float16 };

struct DeviceInfo {
  DeviceKind kind = DeviceKind::Cpu;
  std::string name;  // "NVIDIA H100 80GB HBM3", or "CPU"
  int threads = 1;   // CPU threads used by intra-op parallelism
  Precision precision = Precision::Float32;
  std::string notice;  // why the requested device is not the one in use, in words; or empty
  std::string describe() const;  // "CUDA: NVIDIA H100 …, FP16" or "CPU, 2 threads"
};

// True when LibTorch sees a usable CUDA device.
bool cudaAvailable();

struct FeatureMapRequest {
  std::string layer = "conv0";  // any name from mnl::layerNames
  int firstChannel = 0;         // paging through wide layers
  int channelCount = 64;        // channels per page
  int maxSide = 56;             // larger maps are average-pooled down to this side
  bool operator==(const FeatureMapRequest&) const = default;
};

struct EngineSettings {
  NetworkConfig network;  // α, resolution, conv mode (classes follow the weights)
  CropMode crop = CropMode::CenterSquare;
  int topK = 5;
  FeatureMapRequest featureMaps;
  bool wantFeatureMaps = true;
  bool operator==(const EngineSettings&) const = default;
};

struct Prediction {
  int index = 0;  // class index in the model's output
  std::string label;
  float probability = 0;
};

struct ChannelStats {
  float min = 0, max = 0, mean = 0;
  float zeroFraction = 0;       // exactly 0 (ReLU6 cut)
  float saturatedFraction = 0;  // at 6 (ReLU6 cap)
};

// A page of one layer's channels, reduced on the inference thread to what the grid shows.
struct FeatureMaps {
  std::string layer;
  Shape shape;               // the layer's full output shape
  int firstChannel = 0;      // channels [firstChannel, firstChannel + stats.size())
  int side = 0;              // side of each reduced map (≤ maxSide)
  std::vector<float> values; // stats.size() maps of side × side, row-major, channel after channel
  std::vector<ChannelStats> stats;  // per shown channel, computed on the full-resolution map
  float layerMin = 0, layerMax = 0; // over the whole layer, for per-layer normalisation
};

struct ModelInfo {
  NetworkConfig network;       // as built (classes from the weights)
  bool trained = false;        // false: random weights, labels mean nothing
  std::string weights;         // "mobilenet_v1_0.5_160_quant.tflite (bundled)", "untrained (random, seed 1)"
  Preprocessing preprocessing;
};

// Everything one frame produced. Built once, then only read: safe to share across threads.
struct InferenceResult {
  std::int64_t frameSequence = 0;
  std::chrono::steady_clock::time_point captured{};
  EngineSettings settings;
  ModelInfo model;
  std::vector<Prediction> top;
  std::optional<FeatureMaps> featureMaps;
  double preprocessMs = 0;
  double forwardMs = 0;     // network only
  double postprocessMs = 0; // softmax, top-k, feature-map reduction and copy to the host
  bool rebuilt = false;     // this frame was the first after a model rebuild
};

// Per-layer latency from a separate timed pass (a timer per layer slows the whole pass, so this
// is never the pass whose total is reported).
struct LayerTiming {
  std::string name;
  double milliseconds = 0;
};

struct EngineOptions {
  std::filesystem::path resourcesDir;  // bundled weights and labels
  DeviceKind device = DeviceKind::Cpu;
  int threads = 0;  // 0: LibTorch's default
  Precision precision = Precision::Float32;  // Float16 applies on CUDA only
};

class Engine {
 public:
  explicit Engine(const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Applies new settings; rebuilds the network (and loads weights) only if α, resolution or
  // conv mode changed. Throws std::invalid_argument for an invalid network.
  void configure(const EngineSettings& settings);
  const EngineSettings& settings() const;
  const ModelInfo& model() const;
  DeviceInfo device() const;

  // Classifies one frame with the current settings.
  std::shared_ptr<const InferenceResult> run(const Frame& frame);

  // Times each layer of the current network on the last frame's input (or a blank one).
  std::vector<LayerTiming> profileLayers(int repetitions = 3);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mnl
