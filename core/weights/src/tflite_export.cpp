// SPDX-License-Identifier: GPL-3.0-or-later
// The writer side of tflite_schema.h: tables built with FlatBuffers' low-level builder, each
// field at the vtable slot 4 + 2·(its index in schema.fbs), children before parents.
#include "mnl/tflite_export.h"

#include <flatbuffers/flatbuffers.h>

#include <cmath>
#include <system_error>

#include "mnl/atomic_file.h"
#include "mnl/weights_error.h"

namespace mnl {
namespace {

using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;
using flatbuffers::uoffset_t;
using flatbuffers::voffset_t;

constexpr voffset_t slot(int index) { return static_cast<voffset_t>(4 + 2 * index); }

// schema.fbs: TensorType, BuiltinOperator, BuiltinOptions, Padding, ActivationFunctionType.
constexpr std::int8_t kFloat32 = 0, kInt32 = 2, kUInt8 = 3;
constexpr std::int32_t kAveragePool2D = 1, kConv2D = 3, kDepthwiseConv2D = 4, kDequantize = 6,
                       kReshape = 22, kSoftmax = 25;
constexpr std::uint8_t kConv2DOptions = 1, kDepthwiseConv2DOptions = 2, kPool2DOptions = 5,
                       kSoftmaxOptions = 9, kReshapeOptions = 17;
constexpr std::int8_t kSame = 0, kValid = 1;
constexpr std::int8_t kNoActivation = 0, kRelu6 = 3;

// The graph being written: buffers (0 is the empty one every graph tensor points at), tensors,
// operators and the operator codes they use.
class GraphWriter {
 public:
  GraphWriter() { buffers_.push_back(emptyBuffer()); }

  FlatBufferBuilder& fb() { return fb_; }

  int constant(const std::string& name, const std::vector<std::int32_t>& shape,
               const std::vector<float>& values) {
    return tensor(name, shape, kFloat32, bytesBuffer(values.data(), values.size() * 4));
  }
  int constantInt(const std::string& name, const std::vector<std::int32_t>& values) {
    return tensor(name, {static_cast<std::int32_t>(values.size())}, kInt32,
                  bytesBuffer(values.data(), values.size() * 4));
  }
  int activation(const std::string& name, const std::vector<std::int32_t>& shape,
                 std::int8_t type = kFloat32, Offset<void> quantization = 0) {
    return tensor(name, shape, type, 0, quantization);
  }

  Offset<void> uint8Quantization(float scale, std::int64_t zero) {
    const auto scales = fb_.CreateVector(std::vector<float>{scale});
    const auto zeros = fb_.CreateVector(std::vector<std::int64_t>{zero});
    const uoffset_t start = fb_.StartTable();
    fb_.AddOffset(slot(2), scales);
    fb_.AddOffset(slot(3), zeros);
    return Offset<void>(fb_.EndTable(start));
  }

  void op(std::int32_t code, const std::vector<std::int32_t>& inputs,
          const std::vector<std::int32_t>& outputs, std::uint8_t optionsType = 0,
          Offset<void> options = 0) {
    const auto in = fb_.CreateVector(inputs);
    const auto out = fb_.CreateVector(outputs);
    const uoffset_t start = fb_.StartTable();
    fb_.AddElement<std::uint32_t>(slot(0), codeIndex(code), 0);
    fb_.AddOffset(slot(1), in);
    fb_.AddOffset(slot(2), out);
    if (optionsType != 0) {
      fb_.AddElement<std::uint8_t>(slot(3), optionsType, 0);
      fb_.AddOffset(slot(4), options);
    }
    operators_.push_back(Offset<void>(fb_.EndTable(start)));
  }

  std::vector<std::uint8_t> finish(int input, int output, const std::string& description) {
    const auto tensors = fb_.CreateVector(tensors_);
    const auto inputs = fb_.CreateVector(std::vector<std::int32_t>{input});
    const auto outputs = fb_.CreateVector(std::vector<std::int32_t>{output});
    const auto operators = fb_.CreateVector(operators_);
    const auto name = fb_.CreateString("main");
    uoffset_t start = fb_.StartTable();
    fb_.AddOffset(slot(0), tensors);
    fb_.AddOffset(slot(1), inputs);
    fb_.AddOffset(slot(2), outputs);
    fb_.AddOffset(slot(3), operators);
    fb_.AddOffset(slot(4), name);
    const Offset<void> subgraph(fb_.EndTable(start));

    std::vector<Offset<void>> codes;
    for (std::int32_t code : codes_) {
      start = fb_.StartTable();
      // deprecated_builtin_code (an int8, what readers before schema 3a look at), version,
      // builtin_code.
      fb_.AddElement<std::int8_t>(slot(0), static_cast<std::int8_t>(code), 0);
      fb_.AddElement<std::int32_t>(slot(2), 1, 1);
      fb_.AddElement<std::int32_t>(slot(3), code, 0);
      codes.push_back(Offset<void>(fb_.EndTable(start)));
    }
    const auto codeVector = fb_.CreateVector(codes);
    const auto subgraphs = fb_.CreateVector(std::vector<Offset<void>>{subgraph});
    const auto text = fb_.CreateString(description);
    const auto buffers = fb_.CreateVector(buffers_);
    start = fb_.StartTable();
    fb_.AddElement<std::uint32_t>(slot(0), 3, 0);  // schema version
    fb_.AddOffset(slot(1), codeVector);
    fb_.AddOffset(slot(2), subgraphs);
    fb_.AddOffset(slot(3), text);
    fb_.AddOffset(slot(4), buffers);
    fb_.Finish(Offset<void>(fb_.EndTable(start)), "TFL3");
    return {fb_.GetBufferPointer(), fb_.GetBufferPointer() + fb_.GetSize()};
  }

 private:
  Offset<void> emptyBuffer() {
    const uoffset_t start = fb_.StartTable();
    return Offset<void>(fb_.EndTable(start));
  }

  // A buffer of raw bytes, 16-byte aligned (what TFLite's kernels may map in place).
  std::uint32_t bytesBuffer(const void* data, std::size_t size) {
    fb_.ForceVectorAlignment(size, 1, 16);
    const auto bytes = fb_.CreateVector(static_cast<const std::uint8_t*>(data), size);
    const uoffset_t start = fb_.StartTable();
    fb_.AddOffset(slot(0), bytes);
    buffers_.push_back(Offset<void>(fb_.EndTable(start)));
    return static_cast<std::uint32_t>(buffers_.size() - 1);
  }

  int tensor(const std::string& name, const std::vector<std::int32_t>& shape, std::int8_t type,
             std::uint32_t buffer, Offset<void> quantization = 0) {
    const auto shapeVector = fb_.CreateVector(shape);
    const auto nameString = fb_.CreateString(name);
    const uoffset_t start = fb_.StartTable();
    fb_.AddOffset(slot(0), shapeVector);
    fb_.AddElement<std::int8_t>(slot(1), type, kFloat32 - 1);  // always written
    fb_.AddElement<std::uint32_t>(slot(2), buffer, 0);
    fb_.AddOffset(slot(3), nameString);
    if (!quantization.IsNull()) fb_.AddOffset(slot(4), quantization);
    tensors_.push_back(Offset<void>(fb_.EndTable(start)));
    return static_cast<int>(tensors_.size() - 1);
  }

  std::uint32_t codeIndex(std::int32_t code) {
    for (std::size_t i = 0; i < codes_.size(); ++i)
      if (codes_[i] == code) return static_cast<std::uint32_t>(i);
    codes_.push_back(code);
    return static_cast<std::uint32_t>(codes_.size() - 1);
  }

  FlatBufferBuilder fb_{1 << 20};
  std::vector<Offset<void>> buffers_, tensors_, operators_;
  std::vector<std::int32_t> codes_;
};

const FloatTensor& tensorOf(const WeightSet& weights, const std::string& name) {
  const auto found = weights.tensors.find(name);
  if (found == weights.tensors.end())
    throw WeightsError("TFLite export: the weights lack " + name);
  return found->second;
}

// A convolution with its batch norm folded in: weights in TFLite's layout (conv [O, kh, kw, I],
// depthwise [1, kh, kw, C]) and the bias.
struct FoldedConv {
  std::vector<std::int32_t> shape;
  std::vector<float> weights, bias;
};

FoldedConv fold(const WeightSet& weights, const LayerSpec& layer) {
  const std::string prefix = "features." + layer.name + ".";
  const FloatTensor& w = tensorOf(weights, prefix + "conv.weight");
  const FloatTensor& gamma = tensorOf(weights, prefix + "bn.weight");
  const FloatTensor& beta = tensorOf(weights, prefix + "bn.bias");
  const FloatTensor& mean = tensorOf(weights, prefix + "bn.running_mean");
  const FloatTensor& var = tensorOf(weights, prefix + "bn.running_var");
  const std::int64_t O = w.shape[0], I = w.shape[1], H = w.shape[2], W = w.shape[3];
  const bool depthwise = layer.type == LayerType::Depthwise;
  FoldedConv out;
  out.weights.resize(w.values.size());
  out.bias.resize(static_cast<std::size_t>(O));
  for (std::int64_t o = 0; o < O; ++o) {
    const auto c = static_cast<std::size_t>(o);
    const double scale = gamma.values[c] / std::sqrt(double(var.values[c]) + kWeightsBatchNormEpsilon);
    out.bias[c] = static_cast<float>(beta.values[c] - mean.values[c] * scale);
    for (std::int64_t i = 0; i < I; ++i)
      for (std::int64_t h = 0; h < H; ++h)
        for (std::int64_t x = 0; x < W; ++x) {
          const float v = static_cast<float>(
              w.values[static_cast<std::size_t>(((o * I + i) * H + h) * W + x)] * scale);
          const std::int64_t at = depthwise ? (h * W + x) * O + o : ((o * H + h) * W + x) * I + i;
          out.weights[static_cast<std::size_t>(at)] = v;
        }
  }
  out.shape = depthwise ? std::vector<std::int32_t>{1, int(H), int(W), int(O)}
                        : std::vector<std::int32_t>{int(O), int(H), int(W), int(I)};
  return out;
}

}  // namespace

std::vector<std::uint8_t> tfliteModelBytes(const WeightSet& weights,
                                           const std::string& description) {
  const NetworkConfig& network = weights.network;
  if (network.conv != ConvMode::Separable)
    throw WeightsError("TFLite export: only the separable MobileNet (standard convolutions "
                       "are this app's comparison, not a model to take away)");
  if (weights.padding != PaddingMode::TensorFlowSame)
    throw WeightsError("TFLite export: this network pads symmetrically (PyTorch's padding=1), "
                       "TFLite's SAME as TensorFlow does, and the answers would differ; export "
                       "this app's format or the notebook's state dict instead");
  const InputScaling& s = weights.scaling;
  const bool minusOneToOne = s.uniform() && s.offset[0] == 127.5 && s.divisor[0] == 127.5;
  const bool wholeOffset = s.uniform() && s.offset[0] == std::round(s.offset[0]) &&
                           s.offset[0] >= 0 && s.offset[0] <= 255 && s.divisor[0] > 0;
  if (!minusOneToOne && !wholeOffset)
    throw WeightsError("TFLite export: the model's input scaling (" + describeScaling(s) +
                       ") is not one TFLite's input can say; export this app's format instead");

  GraphWriter g;
  const int side = network.resolution;
  int input = 0, x = 0;
  if (minusOneToOne) {
    input = x = g.activation("input", {1, side, side, 3});
  } else {
    // 8-bit pixels, dequantised in the graph: real = (q − zero) · scale.
    input = g.activation("input", {1, side, side, 3}, kUInt8,
                         g.uint8Quantization(static_cast<float>(1.0 / s.divisor[0]),
                                             static_cast<std::int64_t>(s.offset[0])));
    x = g.activation("input_float", {1, side, side, 3});
    g.op(kDequantize, {input}, {x});
  }
  for (const LayerSpec& layer : buildLayers(network)) {
    if (layer.type == LayerType::Pool) {
      const int pooled = g.activation("pool", {1, 1, 1, layer.output.channels});
      const uoffset_t start = g.fb().StartTable();
      g.fb().AddElement<std::int8_t>(slot(0), kValid, kSame);
      g.fb().AddElement<std::int32_t>(slot(1), 1, 0);
      g.fb().AddElement<std::int32_t>(slot(2), 1, 0);
      g.fb().AddElement<std::int32_t>(slot(3), layer.input.width, 0);
      g.fb().AddElement<std::int32_t>(slot(4), layer.input.height, 0);
      g.fb().AddElement<std::int8_t>(slot(5), kNoActivation, kNoActivation);
      g.op(kAveragePool2D, {x}, {pooled}, kPool2DOptions, Offset<void>(g.fb().EndTable(start)));
      x = pooled;
      continue;
    }
    if (layer.type == LayerType::FullyConnected) {
      // The logits as TF-slim wrote them: a 1×1 convolution, then [1, classes].
      const FloatTensor& w = tensorOf(weights, "classifier.weight");
      const FloatTensor& b = tensorOf(weights, "classifier.bias");
      const int classes = static_cast<int>(w.shape[0]);
      const int wt = g.constant("logits/weights", {classes, 1, 1, int(w.shape[1])}, w.values);
      const int bt = g.constant("logits/bias", {classes}, b.values);
      const int logits4 = g.activation("logits/conv", {1, 1, 1, classes});
      uoffset_t start = g.fb().StartTable();
      g.fb().AddElement<std::int8_t>(slot(0), kSame, kSame - 1);
      g.fb().AddElement<std::int32_t>(slot(1), 1, 0);
      g.fb().AddElement<std::int32_t>(slot(2), 1, 0);
      g.fb().AddElement<std::int8_t>(slot(3), kNoActivation, kNoActivation);
      g.op(kConv2D, {x, wt, bt}, {logits4}, kConv2DOptions, Offset<void>(g.fb().EndTable(start)));
      const int shape = g.constantInt("logits/shape", {1, classes});
      const int logits = g.activation("logits", {1, classes});
      const auto newShape = g.fb().CreateVector(std::vector<std::int32_t>{1, classes});
      start = g.fb().StartTable();
      g.fb().AddOffset(slot(0), newShape);
      g.op(kReshape, {logits4, shape}, {logits}, kReshapeOptions,
           Offset<void>(g.fb().EndTable(start)));
      const int probabilities = g.activation("probabilities", {1, classes});
      start = g.fb().StartTable();
      g.fb().AddElement<float>(slot(0), 1.0f, 0.0f);
      g.op(kSoftmax, {logits}, {probabilities}, kSoftmaxOptions,
           Offset<void>(g.fb().EndTable(start)));
      return g.finish(input, probabilities, description);
    }
    const FoldedConv conv = fold(weights, layer);
    const int wt = g.constant(layer.name + "/weights", conv.shape, conv.weights);
    const int bt = g.constant(layer.name + "/bias", {int(conv.bias.size())}, conv.bias);
    const int out = g.activation(layer.name,
                                 {1, layer.output.height, layer.output.width, layer.output.channels});
    const uoffset_t start = g.fb().StartTable();
    const bool depthwise = layer.type == LayerType::Depthwise;
    g.fb().AddElement<std::int8_t>(slot(0), kSame, kSame - 1);
    g.fb().AddElement<std::int32_t>(slot(1), layer.stride, 0);
    g.fb().AddElement<std::int32_t>(slot(2), layer.stride, 0);
    if (depthwise) {
      g.fb().AddElement<std::int32_t>(slot(3), 1, 0);  // depth_multiplier
      g.fb().AddElement<std::int8_t>(slot(4), kRelu6, kNoActivation);
    } else {
      g.fb().AddElement<std::int8_t>(slot(3), kRelu6, kNoActivation);
    }
    g.op(depthwise ? kDepthwiseConv2D : kConv2D, {x, wt, bt}, {out},
         depthwise ? kDepthwiseConv2DOptions : kConv2DOptions,
         Offset<void>(g.fb().EndTable(start)));
    x = out;
  }
  throw WeightsError("TFLite export: the network has no classifier");
}

void writeTfLite(const WeightSet& weights, const std::filesystem::path& file,
                 const std::filesystem::path& labelsFile) {
  char description[160];
  std::snprintf(description, sizeof description,
                "MobileNet v1 alpha %g, %d px, %d classes; written by MobileNet Lab",
                weights.network.alpha, weights.network.resolution, weights.network.classes);
  const std::vector<std::uint8_t> bytes = tfliteModelBytes(weights, description);
  try {
    writeFileAtomically(file, {reinterpret_cast<const char*>(bytes.data()), bytes.size()});
    if (!labelsFile.empty()) {
      std::string text;
      for (const std::string& label : weights.labels) text += label + "\n";
      writeFileAtomically(labelsFile, text);
    }
  } catch (const std::system_error& e) {
    throw WeightsError(quoted(file) + ": " + e.code().message());
  }
}

}  // namespace mnl
