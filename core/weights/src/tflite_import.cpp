// SPDX-License-Identifier: GPL-3.0-or-later
// TFLite MobileNet v1 files (the quantised TF-slim exports) to a WeightSet. The FlatBuffer is
// verified as a whole before anything is read; indices between tables, shapes, types and
// sizes are then checked one by one, so a damaged file is refused with a message, never read
// out of bounds.
#include <cmath>
#include <cstring>
#include <limits>

#include "mnl/weight_set.h"
#include "mnl/weights_error.h"
#include "tflite_schema.h"

namespace mnl {
namespace {

namespace tfl = mnl::tflite;

struct ConvOp {
  int index = 0;  // operator index in the graph
  const tfl::Operator* op = nullptr;
  bool depthwise = false;
  int strideH = 0, strideW = 0;
  std::int8_t padding = tfl::kSame;
  std::int8_t activation = tfl::kNoActivation;
};

class TfLiteFile {
 public:
  TfLiteFile(const std::filesystem::path& path, std::vector<std::uint8_t> bytes)
      : path_(path), bytes_(std::move(bytes)) {
    if (bytes_.size() < 8 || std::memcmp(bytes_.data() + 4, "TFL3", 4) != 0)
      throw WeightsError(quoted(path) + ": not a TFLite model: expected the identifier TFL3");
    flatbuffers::Verifier verifier(bytes_.data(), bytes_.size());
    if (!verifier.VerifyBuffer<tfl::Model>("TFL3"))
      fail("corrupted or truncated TFLite file: its FlatBuffer structure does not verify");
    model_ = flatbuffers::GetRoot<tfl::Model>(bytes_.data());
    if (model_->version() != 3)
      fail("unsupported TFLite schema: expected version 3, found " +
           std::to_string(model_->version()));
    if (!model_->subgraphs() || model_->subgraphs()->size() == 0)
      fail("the model has no subgraph");
    graph_ = model_->subgraphs()->Get(0);
    if (!graph_->tensors() || !graph_->operators() || !model_->operatorCodes() ||
        !model_->buffers())
      fail("the model lacks its tensors, operators or buffers");
  }

  const std::filesystem::path& path() const { return path_; }

  [[noreturn]] void fail(const std::string& what) const {
    throw WeightsError(quoted(path_) + ": " + what);
  }

  // The convolutions in graph order. Other operators must be ones MobileNet v1 uses.
  std::vector<ConvOp> convolutions() const {
    std::vector<ConvOp> convs;
    const auto* ops = graph_->operators();
    for (flatbuffers::uoffset_t i = 0; i < ops->size(); ++i) {
      const tfl::Operator* op = ops->Get(i);
      if (op->opcodeIndex() >= model_->operatorCodes()->size())
        fail("operator " + std::to_string(i) + " names operator code " +
             std::to_string(op->opcodeIndex()) + ", but the file has " +
             std::to_string(model_->operatorCodes()->size()));
      const std::int32_t code = model_->operatorCodes()->Get(op->opcodeIndex())->builtinCode();
      switch (code) {
        case tfl::kConv2D:
        case tfl::kDepthwiseConv2D: convs.push_back(convolution(static_cast<int>(i), op, code)); break;
        case tfl::kAveragePool2D:
        case tfl::kReshape:
        case tfl::kSoftmax:
        case tfl::kSqueeze:
        case tfl::kQuantize:
        case tfl::kDequantize: break;
        default:
          fail("not a MobileNet v1: operator " + std::to_string(i) + " has builtin code " +
               std::to_string(code) + ", which MobileNet v1 does not use");
      }
    }
    return convs;
  }

  const tfl::Tensor& tensor(std::int64_t index, const std::string& role) const {
    if (index < 0 || index >= static_cast<std::int64_t>(graph_->tensors()->size()))
      fail(role + ": tensor index " + std::to_string(index) + " is out of range (the file has " +
           std::to_string(graph_->tensors()->size()) + " tensors)");
    return *graph_->tensors()->Get(static_cast<flatbuffers::uoffset_t>(index));
  }

  // Operand `slot` of an operator; null when the operator has no such operand (index -1).
  const tfl::Tensor* operand(const ConvOp& conv, flatbuffers::uoffset_t slot,
                             const std::string& role) const {
    const auto* inputs = conv.op->inputs();
    if (!inputs || slot >= inputs->size() || inputs->Get(slot) < 0) return nullptr;
    return &tensor(inputs->Get(slot), role);
  }

  // An input the operator must have (its weights): a clear error when the file leaves it out.
  const tfl::Tensor& requiredOperand(const ConvOp& conv, flatbuffers::uoffset_t slot,
                                     const std::string& role) const {
    if (const tfl::Tensor* t = operand(conv, slot, role)) return *t;
    fail(role + ": missing (the operator has no input " + std::to_string(slot) + ")");
  }

  const tfl::Tensor& graphInput() const {
    if (!graph_->inputs() || graph_->inputs()->size() != 1)
      fail("expected one input tensor, found " +
           std::to_string(graph_->inputs() ? graph_->inputs()->size() : 0));
    return tensor(graph_->inputs()->Get(0), "the graph input");
  }

  const tfl::Tensor& graphOutput() const {
    if (!graph_->outputs() || graph_->outputs()->size() != 1)
      fail("expected one output tensor, found " +
           std::to_string(graph_->outputs() ? graph_->outputs()->size() : 0));
    return tensor(graph_->outputs()->Get(0), "the graph output");
  }

  // Real values of a constant tensor: dequantised when stored as integers.
  std::vector<float> values(const tfl::Tensor& t, const std::string& role) const {
    const std::vector<std::int64_t> shape = shapeOf(t);
    std::int64_t count = 1;
    for (std::int64_t side : shape) {
      if (side <= 0 || side > (1 << 24) || count > std::numeric_limits<std::int32_t>::max() / side)
        fail(role + ": invalid shape " + describeShape(shape));
      count *= side;
    }
    std::size_t elementSize = 0;
    switch (t.type()) {
      case tfl::kFloat32:
      case tfl::kInt32: elementSize = 4; break;
      case tfl::kUInt8:
      case tfl::kInt8: elementSize = 1; break;
      default: fail(role + ": unsupported tensor type " + std::to_string(t.type()));
    }
    if (t.buffer() >= model_->buffers()->size())
      fail(role + ": buffer index " + std::to_string(t.buffer()) + " is out of range (the file "
           "has " + std::to_string(model_->buffers()->size()) + " buffers)");
    const auto* data = model_->buffers()->Get(t.buffer())->data();
    const std::size_t expectedBytes = static_cast<std::size_t>(count) * elementSize;
    if (!data || data->size() != expectedBytes)
      fail(role + ": expected " + std::to_string(expectedBytes) + " bytes of data for shape " +
           describeShape(shape) + ", found " + std::to_string(data ? data->size() : 0));

    std::vector<float> real(static_cast<std::size_t>(count));
    const std::uint8_t* raw = data->data();
    if (t.type() == tfl::kFloat32) {
      std::memcpy(real.data(), raw, expectedBytes);
      return real;
    }
    const tfl::QuantizationParameters* q = t.quantization();
    const auto* scales = q ? q->scale() : nullptr;
    const auto* zeroPoints = q ? q->zeroPoint() : nullptr;
    if (!scales || scales->size() == 0) fail(role + ": integer tensor without a quantisation scale");
    if (zeroPoints && zeroPoints->size() != 0 && zeroPoints->size() != scales->size())
      fail(role + ": " + std::to_string(scales->size()) + " scales but " +
           std::to_string(zeroPoints->size()) + " zero points");
    // Per tensor (one scale) or per channel along quantized_dimension.
    std::int64_t channels = 1, inner = 1;
    if (scales->size() > 1) {
      const std::int32_t axis = q->quantizedDimension();
      if (axis < 0 || axis >= static_cast<std::int32_t>(shape.size()) ||
          shape[static_cast<std::size_t>(axis)] != static_cast<std::int64_t>(scales->size()))
        fail(role + ": " + std::to_string(scales->size()) + " scales do not fit shape " +
             describeShape(shape) + " along dimension " + std::to_string(axis));
      channels = scales->size();
      for (std::size_t d = static_cast<std::size_t>(axis) + 1; d < shape.size(); ++d)
        inner *= shape[d];
    }
    for (std::int64_t i = 0; i < count; ++i) {
      const auto c = static_cast<flatbuffers::uoffset_t>((i / inner) % channels);
      const double scale = scales->Get(c);
      const double zero = zeroPoints && zeroPoints->size() ? double(zeroPoints->Get(c)) : 0.0;
      double stored = 0;
      switch (t.type()) {
        case tfl::kUInt8: stored = raw[i]; break;
        case tfl::kInt8: stored = static_cast<std::int8_t>(raw[i]); break;
        default: {
          std::int32_t v;
          std::memcpy(&v, raw + 4 * i, 4);
          stored = v;
        }
      }
      real[static_cast<std::size_t>(i)] = static_cast<float>(scale * (stored - zero));
    }
    return real;
  }

  static std::vector<std::int64_t> shapeOf(const tfl::Tensor& t) {
    std::vector<std::int64_t> shape;
    if (t.shape())
      for (std::int32_t side : *t.shape()) shape.push_back(side);
    return shape;
  }

  static std::string nameOf(const tfl::Tensor& t) {
    return t.name() ? std::string(t.name()->c_str(), t.name()->size()) : std::string("unnamed");
  }

 private:
  ConvOp convolution(int index, const tfl::Operator* op, std::int32_t code) const {
    ConvOp conv{index, op, code == tfl::kDepthwiseConv2D};
    const std::string where = "operator " + std::to_string(index);
    if (conv.depthwise) {
      const auto* options = op->depthwiseOptions();
      if (!options) fail(where + ": a depthwise convolution without its options");
      conv.strideH = options->strideH();
      conv.strideW = options->strideW();
      conv.padding = options->padding();
      conv.activation = options->activation();
    } else {
      const auto* options = op->conv2DOptions();
      if (!options) fail(where + ": a convolution without its options");
      conv.strideH = options->strideH();
      conv.strideW = options->strideW();
      conv.padding = options->padding();
      conv.activation = options->activation();
    }
    if (!op->inputs() || op->inputs()->size() < 2)
      fail(where + ": a convolution needs an input and a weights tensor");
    return conv;
  }

  std::filesystem::path path_;
  std::vector<std::uint8_t> bytes_;
  const tfl::Model* model_ = nullptr;
  const tfl::SubGraph* graph_ = nullptr;
};

// TFLite layout of a LibTorch tensor shape: conv OIHW → [O, kh, kw, I], depthwise
// [C, 1, kh, kw] → [1, kh, kw, C].
std::vector<std::int64_t> tfliteLayout(const std::vector<std::int64_t>& oihw, bool depthwise) {
  if (depthwise) return {1, oihw[2], oihw[3], oihw[0]};
  return {oihw[0], oihw[2], oihw[3], oihw[1]};
}

std::vector<float> toOihw(const std::vector<float>& ohwi, const std::vector<std::int64_t>& oihw) {
  const std::int64_t O = oihw[0], I = oihw[1], H = oihw[2], W = oihw[3];
  std::vector<float> out(ohwi.size());
  for (std::int64_t o = 0; o < O; ++o)
    for (std::int64_t h = 0; h < H; ++h)
      for (std::int64_t w = 0; w < W; ++w)
        for (std::int64_t i = 0; i < I; ++i)
          out[static_cast<std::size_t>(((o * I + i) * H + h) * W + w)] =
              ohwi[static_cast<std::size_t>(((o * H + h) * W + w) * I + i)];
  return out;
}

// [1, kh, kw, C] → [C, 1, kh, kw].
std::vector<float> depthwiseToCihw(const std::vector<float>& hwc,
                                   const std::vector<std::int64_t>& c1hw) {
  const std::int64_t C = c1hw[0], H = c1hw[2], W = c1hw[3];
  std::vector<float> out(hwc.size());
  for (std::int64_t c = 0; c < C; ++c)
    for (std::int64_t h = 0; h < H; ++h)
      for (std::int64_t w = 0; w < W; ++w)
        out[static_cast<std::size_t>((c * H + h) * W + w)] =
            hwc[static_cast<std::size_t>((h * W + w) * C + c)];
  return out;
}

// real = (pixel − offset) / divisor from the input tensor's quantisation; a float input gets
// the usual [-1, 1] mapping.
InputScaling inputScaling(const TfLiteFile& file, const tfl::Tensor& input) {
  const tfl::QuantizationParameters* q = input.quantization();
  if (input.type() == tfl::kFloat32 || !q || !q->scale() || q->scale()->size() != 1)
    return InputScaling{127.5, 127.5};
  const double scale = q->scale()->Get(0);
  double zero = q->zeroPoint() && q->zeroPoint()->size() ? double(q->zeroPoint()->Get(0)) : 0.0;
  if (input.type() == tfl::kInt8) zero += 128;  // int8 pixels are the uint8 ones minus 128
  if (!(scale > 0) || !std::isfinite(scale))
    file.fail("the input tensor has an invalid scale " + std::to_string(scale));
  return InputScaling{zero, 1.0 / scale};
}

void put(WeightSet& set, const std::string& name, std::vector<std::int64_t> shape,
         std::vector<float> values) {
  set.tensors[name] = FloatTensor{std::move(shape), std::move(values)};
}

// Quantisation of a tensor where the body and the head meet, for comparing the two.
std::pair<double, double> scaleAndZero(const tfl::Tensor& t) {
  const auto* q = t.quantization();
  if (!q || !q->scale() || q->scale()->size() != 1) return {0.0, 0.0};
  const double zero = q->zeroPoint() && q->zeroPoint()->size() ? double(q->zeroPoint()->Get(0)) : 0;
  return {q->scale()->Get(0), zero};
}

// The model in `body`; its head read from headFile when the model is split in two.
WeightSet readModel(const TfLiteFile& body, const std::optional<std::filesystem::path>& headFile) {
  const std::filesystem::path& file = body.path();
  const std::vector<ConvOp> convs = body.convolutions();
  constexpr std::size_t kBodyConvs = 27;  // conv0 + 13 × (depthwise, pointwise)
  if (convs.size() == kBodyConvs && !headFile)
    body.fail("the body of a MobileNet v1 split in two files (it ends at the average pool, "
              "without the classifier): expected its head file with the final 1×1 convolution "
              "as well, found none");
  if (convs.size() == kBodyConvs + 1 && headFile)
    throw WeightsError(quoted(*headFile) + ": a head file was given, but " + quoted(file) +
                       " is a complete model (it has its own classifier)");
  if (convs.size() == 1 && !convs[0].depthwise)
    body.fail("the head of a MobileNet v1 split in two files (only the final 1×1 convolution): "
              "expected the body file, with this one as its head file");
  if (convs.size() != kBodyConvs && convs.size() != kBodyConvs + 1)
    body.fail("not a MobileNet v1: expected 28 convolutions (conv0, 13 depthwise separable "
              "blocks and the logits), found " + std::to_string(convs.size()));
  for (std::size_t i = 0; i < kBodyConvs; ++i) {
    const bool depthwise = i % 2 == 1;
    if (convs[i].depthwise != depthwise)
      body.fail("not a MobileNet v1 in separable mode: convolution " + std::to_string(i) +
                " (operator " + std::to_string(convs[i].index) + ") is " +
                (convs[i].depthwise ? "depthwise" : "a full convolution") + ", expected " +
                (depthwise ? "depthwise" : "a full convolution"));
  }

  // α from the last pointwise layer, resolution from the input, classes from the logits.
  const tfl::Tensor& lastPointwise =
      body.requiredOperand(convs[26], 1, "the last pointwise weights");
  const std::vector<std::int64_t> lastShape = TfLiteFile::shapeOf(lastPointwise);
  if (lastShape.size() != 4)
    body.fail("the last pointwise weights: expected a 4-D tensor, found shape " +
              describeShape(lastShape));
  const double alpha = alphaFromLastChannels(file, lastShape[0]);

  const tfl::Tensor& input = body.graphInput();
  const std::vector<std::int64_t> inputShape = TfLiteFile::shapeOf(input);
  if (inputShape.size() != 4 || inputShape[0] != 1 || inputShape[1] != inputShape[2] ||
      inputShape[3] != 3 || inputShape[1] < kMinResolution || inputShape[1] > 8192)
    body.fail("the input tensor: expected shape [1, side, side, 3], found " +
              describeShape(inputShape));

  std::optional<TfLiteFile> head;
  if (headFile) head.emplace(*headFile, readFileBytes(*headFile));
  const TfLiteFile& logitsFile = head ? *head : body;
  ConvOp logits;
  if (head) {
    const std::vector<ConvOp> headConvs = head->convolutions();
    if (headConvs.size() != 1 || headConvs[0].depthwise)
      head->fail("not a MobileNet v1 head: expected one 1×1 convolution (the logits), found " +
                 std::to_string(headConvs.size()) + " convolutions");
    logits = headConvs[0];
    // The head must start from the tensor where the body stops.
    const tfl::Tensor* joint = head->operand(logits, 0, "the logits input");
    const auto [headScale, headZero] = joint ? scaleAndZero(*joint) : std::pair{0.0, 0.0};
    const auto [bodyScale, bodyZero] = scaleAndZero(body.graphOutput());
    const auto jointShape = joint ? TfLiteFile::shapeOf(*joint) : std::vector<std::int64_t>{};
    const auto bodyShape = TfLiteFile::shapeOf(body.graphOutput());
    if (jointShape != bodyShape || std::abs(headScale - bodyScale) > 1e-6 * bodyScale ||
        headZero != bodyZero)
      head->fail("does not continue the body " + quoted(file) + ": expected an input of shape " +
                 describeShape(bodyShape) + " with scale " + std::to_string(bodyScale) +
                 " and zero point " + std::to_string(static_cast<long long>(bodyZero)) +
                 ", found shape " + describeShape(jointShape) + " with scale " +
                 std::to_string(headScale) + " and zero point " +
                 std::to_string(static_cast<long long>(headZero)));
  } else {
    logits = convs[kBodyConvs];
  }
  const tfl::Tensor& logitsWeights =
      logitsFile.requiredOperand(logits, 1, "the logits weights");
  const std::vector<std::int64_t> logitsShape = TfLiteFile::shapeOf(logitsWeights);
  if (logitsShape.size() != 4 || logitsShape[0] < 1 || logitsShape[0] > 1000000)
    logitsFile.fail("the logits weights: expected shape [classes, 1, 1, " +
                    std::to_string(lastShape[0]) + "], found " + describeShape(logitsShape));

  WeightSet set;
  set.format = WeightsFormat::TfLite;
  set.network = {alpha, static_cast<int>(inputShape[1]), static_cast<int>(logitsShape[0]),
                 ConvMode::Separable};
  set.padding = PaddingMode::TensorFlowSame;
  set.scaling = inputScaling(body, input);
  const auto expected = expectedTensorShapes(set.network);
  const std::vector<LayerSpec> layers = buildLayers(set.network);

  for (std::size_t i = 0; i < kBodyConvs; ++i) {
    const LayerSpec& layer = layers[i];
    const ConvOp& conv = convs[i];
    const tfl::Tensor& weights = body.requiredOperand(conv, 1, layer.name + " weights");
    const std::string role =
        layer.name + " weights ('" + TfLiteFile::nameOf(weights) + "', TFLite layout)";
    const std::string prefix = "features." + layer.name + ".";
    const std::vector<std::int64_t>& oihw = expected.at(prefix + "conv.weight");
    const bool depthwise = layer.type == LayerType::Depthwise;
    checkShape(file, role, tfliteLayout(oihw, depthwise), TfLiteFile::shapeOf(weights));
    if (conv.strideH != layer.stride || conv.strideW != layer.stride)
      body.fail(layer.name + ": expected stride " + std::to_string(layer.stride) + ", found " +
                std::to_string(conv.strideH) + "×" + std::to_string(conv.strideW));
    if (conv.padding != tfl::kSame)
      body.fail(layer.name + ": expected SAME padding, found VALID");
    if (conv.activation != tfl::kRelu6)
      body.fail(layer.name + ": expected a fused ReLU6, found activation function " +
                std::to_string(conv.activation));
    const std::vector<float> raw = body.values(weights, role);
    put(set, prefix + "conv.weight", oihw, depthwise ? depthwiseToCihw(raw, oihw) : toOihw(raw, oihw));

    // BN is folded into the conv's bias: BN(x) = (x − 0)/√(1 − ε + ε)·1 + bias = x + bias.
    const std::int64_t channels = oihw[0];
    std::vector<float> bias(static_cast<std::size_t>(channels), 0.0f);
    if (const tfl::Tensor* b = body.operand(conv, 2, layer.name + " bias")) {
      const std::string biasRole = layer.name + " bias ('" + TfLiteFile::nameOf(*b) + "')";
      checkShape(file, biasRole, {channels}, TfLiteFile::shapeOf(*b));
      bias = body.values(*b, biasRole);
    }
    put(set, prefix + "bn.weight", {channels}, std::vector<float>(bias.size(), 1.0f));
    put(set, prefix + "bn.bias", {channels}, std::move(bias));
    put(set, prefix + "bn.running_mean", {channels}, std::vector<float>(oihw[0], 0.0f));
    put(set, prefix + "bn.running_var", {channels},
        std::vector<float>(oihw[0], static_cast<float>(1.0 - kWeightsBatchNormEpsilon)));
  }

  const std::vector<std::int64_t>& fc = expected.at("classifier.weight");
  const std::filesystem::path& logitsPath = logitsFile.path();
  const std::string role = "logits weights ('" + TfLiteFile::nameOf(logitsWeights) + "')";
  checkShape(logitsPath, role, {fc[0], 1, 1, fc[1]}, logitsShape);
  if (logits.strideH != 1 || logits.strideW != 1 || logits.activation != tfl::kNoActivation)
    logitsFile.fail("the logits convolution: expected stride 1 and no activation, found stride " +
                    std::to_string(logits.strideH) + " and activation " +
                    std::to_string(logits.activation));
  put(set, "classifier.weight", fc, logitsFile.values(logitsWeights, role));
  std::vector<float> bias(static_cast<std::size_t>(fc[0]), 0.0f);
  if (const tfl::Tensor* b = logitsFile.operand(logits, 2, "the logits bias")) {
    const std::string biasRole = "logits bias ('" + TfLiteFile::nameOf(*b) + "')";
    checkShape(logitsPath, biasRole, {fc[0]}, TfLiteFile::shapeOf(*b));
    bias = logitsFile.values(*b, biasRole);
  }
  put(set, "classifier.bias", {fc[0]}, std::move(bias));
  return set;
}

}  // namespace

WeightSet readTfLite(const std::filesystem::path& file,
                     const std::optional<std::filesystem::path>& headFile) {
  return readModel(TfLiteFile(file, readFileBytes(file)), headFile);
}

WeightSet readTfLiteBytes(std::vector<std::uint8_t> bytes, const std::filesystem::path& name) {
  return readModel(TfLiteFile(name, std::move(bytes)), std::nullopt);
}

}  // namespace mnl
