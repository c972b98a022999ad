// SPDX-License-Identifier: GPL-3.0-or-later
#include "state_dict_import.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "mnl/notebook_layout.h"
#include "mnl/weights_error.h"

namespace mnl {

std::pair<std::string, std::string> notebookNames(const LayerSpec& layer) {
  if (layer.name == "conv0") return {"bottleneck.0", "bottleneck.1"};
  const std::string block = "bottleneck." + std::to_string(std::stoi(layer.name.substr(2)) + 2) +
                            (layer.type == LayerType::Depthwise ? ".depthwise" : ".pointwise");
  return {block + ".0", block + ".1"};
}

namespace {

std::string formatNumber(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

class StateDict {
 public:
  StateDict(const std::vector<StateDictEntry>& entries, const std::filesystem::path& file)
      : entries_(entries), file_(file) {
    // nn.DataParallel saves every name with a "module." prefix.
    bool prefixed = !entries.empty();
    for (const StateDictEntry& e : entries) prefixed = prefixed && e.name.rfind("module.", 0) == 0;
    for (std::size_t i = 0; i < entries.size(); ++i)
      byName_[prefixed ? entries[i].name.substr(7) : entries[i].name] = i;  // the last one wins
  }

  const StateDictEntry* find(const std::string& name) const {
    const auto found = byName_.find(name);
    return found == byName_.end() ? nullptr : &entries_[found->second];
  }

  // The tensor's values, after checking that it exists and has the expected shape.
  std::vector<float> take(const std::string& name, const std::vector<std::int64_t>& expected,
                          const std::string& context) {
    const StateDictEntry* entry = find(name);
    if (!entry)
      throw WeightsError(quoted(file_) + ": " + context + ": expected a tensor " + name +
                         " of shape " + describeShape(expected) + ", found none");
    if (entry->shape != expected)
      throw WeightsError(quoted(file_) + ": " + name + " does not fit " + context +
                         ": expected shape " + describeShape(expected) + ", found " +
                         describeShape(entry->shape));
    if (!entry->floating)
      throw WeightsError(quoted(file_) + ": " + name + ": expected floating-point values");
    used_.insert(name);
    std::vector<float> values = entry->values();
    std::int64_t count = 1;
    for (std::int64_t side : expected) count *= side;
    if (static_cast<std::int64_t>(values.size()) != count)
      throw WeightsError(quoted(file_) + ": " + name + ": expected " + std::to_string(count) +
                         " values, found " + std::to_string(values.size()));
    return values;
  }

  // The first tensor no layer used (BatchNorm's step counters aside), or nullptr.
  const std::string* unused() const {
    for (const auto& [name, index] : byName_)
      if (!used_.count(name) && name.find("num_batches_tracked") == std::string::npos)
        return &name;
    return nullptr;
  }

 private:
  const std::vector<StateDictEntry>& entries_;
  const std::filesystem::path& file_;
  std::map<std::string, std::size_t> byName_;
  std::set<std::string> used_;
};

}  // namespace

float toFloat(double value) {
  constexpr double kMax = std::numeric_limits<float>::max();
  if (std::isnan(value)) return std::numeric_limits<float>::quiet_NaN();
  if (value > kMax) return std::numeric_limits<float>::infinity();
  if (value < -kMax) return -std::numeric_limits<float>::infinity();
  return static_cast<float>(value);
}

float halfToFloat(std::uint16_t bits) {
  const int sign = bits >> 15, exponent = (bits >> 10) & 31, mantissa = bits & 1023;
  double value;
  if (exponent == 0) value = std::ldexp(mantissa, -24);
  else if (exponent == 31) value = mantissa ? std::numeric_limits<double>::quiet_NaN()
                                            : std::numeric_limits<double>::infinity();
  else value = std::ldexp(mantissa + 1024, exponent - 25);
  return static_cast<float>(sign ? -value : value);
}

float bfloat16ToFloat(std::uint16_t bits) {
  const std::uint32_t wide = std::uint32_t{bits} << 16;
  float value;
  std::memcpy(&value, &wide, sizeof value);
  return value;
}

WeightSet weightSetFromStateDict(const std::vector<StateDictEntry>& entries,
                                 const std::filesystem::path& file, WeightsFormat format) {
  StateDict dict(entries, file);
  if (entries.empty()) throw WeightsError(quoted(file) + ": the state dict holds no tensors");
  // A state dict of another network fails here, on its first tensor.
  if (!dict.find("bottleneck.0.weight")) {
    const StateDictEntry& first = entries.front();
    throw WeightsError(quoted(file) + ": not a MobileNet v1 of the notebook's form: expected "
                       "the first convolution bottleneck.0.weight (shape [32·α, 3, 3, 3]), "
                       "found " + first.name + " " + describeShape(first.shape) +
                       " as the first tensor");
  }
  const StateDictEntry* classifier = dict.find("classifier.1.weight");
  if (!classifier || classifier->shape.size() != 2 || classifier->shape[0] < 1 ||
      classifier->shape[0] > kMaxSupportedClasses)
    throw WeightsError(quoted(file) + ": expected the classifier classifier.1.weight of shape "
                       "[classes, 1024·α], found " +
                       (classifier ? describeShape(classifier->shape) : std::string("none")));
  const StateDictEntry* last = dict.find("bottleneck.15.pointwise.0.weight");
  if (!last || last->shape.empty())
    throw WeightsError(quoted(file) + ": expected the last pointwise convolution "
                       "bottleneck.15.pointwise.0.weight of shape [1024·α, 1024·α, 1, 1], found " +
                       (last ? describeShape(last->shape) : std::string("none")));

  WeightSet set;
  set.format = format;
  set.network.alpha = alphaFromLastChannels(file, last->shape[0]);
  set.network.resolution = 224;  // AvgPool2d(7) after five halvings
  set.network.classes = static_cast<int>(classifier->shape[0]);
  set.network.conv = ConvMode::Separable;
  set.padding = PaddingMode::Symmetric;
  set.scaling = kImageNetScaling;
  const std::string context = "MobileNet v1 at α " + formatNumber(set.network.alpha) + " with " +
                              std::to_string(set.network.classes) + " classes";

  const auto shapes = expectedTensorShapes(set.network);
  for (const LayerSpec& layer : buildLayers(set.network)) {
    if (layer.type == LayerType::Pool) continue;
    if (layer.type == LayerType::FullyConnected) {
      for (const char* part : {"weight", "bias"}) {
        const std::string ours = std::string("classifier.") + part;
        set.tensors[ours] = FloatTensor{shapes.at(ours),
                                        dict.take(std::string("classifier.1.") + part,
                                                  shapes.at(ours), context)};
      }
      continue;
    }
    const auto [conv, bn] = notebookNames(layer);
    const std::string ours = "features." + layer.name + ".";
    const std::vector<std::int64_t>& channels = shapes.at(ours + "bn.weight");
    set.tensors[ours + "conv.weight"] =
        FloatTensor{shapes.at(ours + "conv.weight"),
                    dict.take(conv + ".weight", shapes.at(ours + "conv.weight"), context)};
    std::vector<float> gamma = dict.take(bn + ".weight", channels, context);
    std::vector<float> beta = dict.take(bn + ".bias", channels, context);
    std::vector<float> mean = dict.take(bn + ".running_mean", channels, context);
    std::vector<float> variance = dict.take(bn + ".running_var", channels, context);
    std::vector<float> bias;
    if (dict.find(conv + ".bias")) bias = dict.take(conv + ".bias", channels, context);
    for (std::size_t c = 0; c < gamma.size(); ++c) {
      // BN(Wx + b) = γ (Wx − (μ − b)) / √(σ² + ε) + β: the conv bias moves into the mean.
      if (!bias.empty()) mean[c] = toFloat(double(mean[c]) - bias[c]);
      // The model's batch norms use TensorFlow's ε; γ' = γ √(σ² + ε_model) / √(σ² + ε_file)
      // gives the same scale with the file's ε, and leaves σ² as the file has it.
      const double v = variance[c];
      gamma[c] = toFloat(gamma[c] * std::sqrt((v + kWeightsBatchNormEpsilon) /
                                              (v + kPyTorchBatchNormEpsilon)));
    }
    set.tensors[ours + "bn.weight"] = FloatTensor{channels, std::move(gamma)};
    set.tensors[ours + "bn.bias"] = FloatTensor{channels, std::move(beta)};
    set.tensors[ours + "bn.running_mean"] = FloatTensor{channels, std::move(mean)};
    set.tensors[ours + "bn.running_var"] = FloatTensor{channels, std::move(variance)};
  }
  if (const std::string* extra = dict.unused())
    throw WeightsError(quoted(file) + ": the file holds a tensor " + *extra + " " +
                       describeShape(dict.find(*extra)->shape) +
                       " that MobileNet v1 does not have");
  return set;
}

}  // namespace mnl
