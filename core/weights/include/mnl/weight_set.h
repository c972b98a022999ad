// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Pretrained weights read from a file, already in this project's layout: one float tensor per
// parameter or buffer of MobileNetV1, named as the model names them (features.dw3.conv.weight,
// features.dw3.bn.running_var, classifier.bias…), with the network they fit. Every importer
// produces one, so only one place (applyWeights, native_weights.h) touches a torch model.
// No torch and no Qt here.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "mnl/architecture.h"
#include "mnl/input_convention.h"

namespace mnl {

// TensorFlow's BatchNorm epsilon, which the model uses (kBatchNormEpsilon in mobilenet_v1.h;
// repeated here for the torch-free importers, and checked equal where both are seen). Folded
// weights load exactly as BN with γ = 1, β = bias, mean = 0 and variance = 1 − ε.
inline constexpr double kWeightsBatchNormEpsilon = 1e-3;

enum class WeightsFormat { TfLite, KerasH5, Native, PyTorch, Safetensors };

// "TFLite", "Keras .h5", "MobileNet Lab", "PyTorch checkpoint", "safetensors".
const char* toString(WeightsFormat format);

struct FloatTensor {
  std::vector<std::int64_t> shape;  // LibTorch layout (OIHW for convs)
  std::vector<float> values;        // row-major
};

struct WeightSet {
  WeightsFormat format = WeightsFormat::Native;
  NetworkConfig network;  // α, native resolution, classes and conv mode of the file
  PaddingMode padding = PaddingMode::TensorFlowSame;
  InputScaling scaling;   // what the weights were trained with
  std::vector<std::string> labels;  // from the file itself (native format); usually empty
  std::map<std::string, FloatTensor> tensors;
};

// Name → shape of every tensor a model of this configuration holds (BatchNorm's
// num_batches_tracked counter aside): what an importer must fill, in LibTorch layout.
std::map<std::string, std::vector<std::int64_t>> expectedTensorShapes(const NetworkConfig& network);

// "[64, 32, 1, 1]", for messages.
std::string describeShape(const std::vector<std::int64_t>& shape);

// What the file's content says it is: a TFLite FlatBuffer ("TFL3"), an HDF5 file, a zip archive
// that is either this project's own format (a LibTorch archive: constants.pkl, code/) or a
// torch.save checkpoint (data.pkl alone), or a safetensors file (a header length, then JSON).
// Throws WeightsError naming the file when it is none of them, or cannot be read.
WeightsFormat detectWeightsFormat(const std::filesystem::path& file);

// Reads any supported weights file, chosen by content, not by extension. headFile is the second
// file of a model split into body + head (TFLite only). Throws WeightsError.
WeightSet readWeightsFile(const std::filesystem::path& file,
                          const std::optional<std::filesystem::path>& headFile = std::nullopt);

// The format readers (tflite_import.cpp, keras_import.cpp, native_weights.cpp,
// pytorch_import.cpp, safetensors_import.cpp).
WeightSet readTfLite(const std::filesystem::path& file,
                     const std::optional<std::filesystem::path>& headFile);
// A complete (not split) TFLite model already in memory; `name` is what messages call it.
// The same checks as readTfLite: what the fuzz target (tests/fuzz/fuzz_tflite.cpp) calls.
WeightSet readTfLiteBytes(std::vector<std::uint8_t> bytes, const std::filesystem::path& name);
WeightSet readKerasH5(const std::filesystem::path& file);  // throws unless built with HDF5
WeightSet readNativeWeights(const std::filesystem::path& file);
// A state dict of the notebook's MobileNet (its class: tests/core/make_pytorch_fixtures.py)
// saved by torch.save, bare or nested under "model", "state_dict" or "model_state_dict". The
// *Bytes forms read a file already in memory (what the fuzz targets call); `file` is what
// messages call it.
WeightSet readPyTorchCheckpoint(const std::filesystem::path& file);
WeightSet readPyTorchCheckpointBytes(std::span<const std::uint8_t> bytes,
                                     const std::filesystem::path& file);
// The same state dict as a safetensors file.
WeightSet readSafetensors(const std::filesystem::path& file);
WeightSet readSafetensorsBytes(std::span<const std::uint8_t> bytes,
                               const std::filesystem::path& file);
// Whether bytes start as a safetensors file does: a header length that fits, then '{'.
bool looksLikeSafetensors(std::span<const std::uint8_t> bytes);

// Reads a whole file into memory. Throws WeightsError naming the file when it cannot.
std::vector<std::uint8_t> readFileBytes(const std::filesystem::path& file);

// "'mobilenet.tflite'": how messages name a file.
std::string quoted(const std::filesystem::path& file);

// Width multiplier of a file whose last pointwise layer has this many output channels
// (1024·α), checked against the width rule. Throws WeightsError naming the file otherwise.
double alphaFromLastChannels(const std::filesystem::path& file, std::int64_t channels);

// Compares a tensor read from a file with what the network needs; throws WeightsError
// "<file>: <what>: expected shape [..], found [..]" when they differ.
void checkShape(const std::filesystem::path& file, const std::string& what,
                const std::vector<std::int64_t>& expected, const std::vector<std::int64_t>& found);

}  // namespace mnl
