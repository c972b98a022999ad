// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the weights tests need from LibTorch (and OpenCV, for decoding photos), as plain data:
// Qt Test translation units cannot include torch headers.

#include <cstdint>
#include <string>
#include <vector>

#include "mnl/architecture.h"

namespace mnl::probe {

// A loadModel request in plain terms.
struct LoadSpec {
  NetworkConfig network;
  std::string weightsFile;  // empty: none
  std::string headFile;     // empty: none
  std::string resourcesDir;
  bool allowUntrained = true;
  PaddingMode padding = PaddingMode::TensorFlowSame;
};

struct LoadSummary {
  std::string error;  // WeightsError's message; "unexpected <type>: …" for other exceptions
  bool trained = false;
  std::string description;
  int classes = 0;  // of the built model
  double alpha = 0;
  int labelCount = 0;
  std::string firstLabel, secondLabel;
  int inputSize = 0;
  double offset = 0, divisor = 0;
};

// Runs mnl::loadModel and reports what came back, or the error.
LoadSummary load(const LoadSpec& spec);

struct PhotoResult {
  std::string error;     // empty unless loading or decoding failed
  std::string weights;   // the model's weightsDescription
  int top1 = -1;         // index in the 1001-class list (Keras index + 1)
  std::string top1Label;
  float top1Probability = 0;
  float referenceProbability = 0;  // the probability given to `referenceIndex`
};

// Classifies a photo with the bundled model of (α, native resolution), loaded once per model,
// after the reference's preprocessing: largest centred square (or the whole frame) of the
// photo decoded by OpenCV, bilinear resize with antialiasing to the native size, RGB, the
// model's input scaling.
PhotoResult classifyPhoto(const std::string& resourcesDir, double alpha, int resolution,
                          const std::string& imagePath, bool centerCrop, int referenceIndex);

// A photo classified by the bundled model of (α, native resolution) folded for inference
// (InferenceNetwork) on the CPU, in float32 and in float16, centre crop.
struct PrecisionChange {
  std::string error;
  int top1Float32 = -1, top1Float16 = -1;
  int top2Float32 = -1;          // float32's second class
  float probabilityFloat32 = 0;  // of float32's top-1 class
  float secondFloat32 = 0;       // of float32's second class
  float probabilityFloat16 = 0;  // of the same class, in float16
  float largestChange = 0;       // over all classes
};
PrecisionChange float16Change(const std::string& resourcesDir, double alpha, int resolution,
                              const std::string& imagePath);

// Loads the request, saves it in the native format to `file`, loads that file back and
// compares logits on a fixed random batch. Returns the largest absolute difference (0 for an
// exact round trip), or -1 with `error` set.
struct RoundTrip {
  std::string error;
  double maxDifference = -1;
  bool sameNetwork = false;  // α, resolution, classes and conv mode read back unchanged
  LoadSummary reloaded;
};
RoundTrip nativeRoundTrip(const LoadSpec& spec, const std::string& file);

// A random model of any configuration (BN statistics randomised too, labels "l0", "l1"…)
// saved to `file`, read back through loadModel: exact logits, metadata and labels.
RoundTrip customRoundTrip(const NetworkConfig& network, PaddingMode padding,
                          const std::string& file);

// A random model of `network` (TensorFlow padding) saved to `file`, with the labels "l0",
// "l1"… or with none. Returns "" or the error.
std::string saveRandom(const NetworkConfig& network, const std::string& file, bool labels);

// BN running variances of one layer as loaded (features.<layer>.bn.running_var).
std::vector<float> runningVariance(const LoadSpec& spec, const std::string& layer);

// Copies a Keras .h5 file to `copy` with every BatchNormalization epsilon in its model_config
// replaced by `epsilon`. Returns "" or an error.
std::string writeKerasWithEpsilon(const std::string& source, const std::string& copy,
                                  double epsilon);

}  // namespace mnl::probe
