// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/native_weights.h"

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <array>
#include <set>
#include <sstream>
#include <system_error>

#include "mnl/atomic_file.h"
#include "mnl/weights_error.h"

namespace mnl {

static_assert(kWeightsBatchNormEpsilon == kBatchNormEpsilon,
              "the importers fold BatchNorm with the model's epsilon");

namespace {

constexpr const char* kMetadataKey = "mnl_metadata";

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string paddingName(PaddingMode mode) {
  return mode == PaddingMode::TensorFlowSame ? "tensorflow-same" : "symmetric";
}

// A tensor stored under a dotted name (features.dw3.conv.weight) sits in nested archives, one
// per module, as torch::nn::Module::save writes them.
bool readNested(torch::serialize::InputArchive& root, const std::string& name,
                torch::Tensor& tensor) {
  std::vector<std::string> parts;
  std::stringstream stream(name);
  for (std::string part; std::getline(stream, part, '.');) parts.push_back(part);
  torch::serialize::InputArchive* current = &root;
  std::vector<torch::serialize::InputArchive> chain(parts.size());
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!current->try_read(parts[i], chain[i])) return false;
    current = &chain[i];
  }
  return current->try_read(parts.back(), tensor);
}

}  // namespace

void applyWeights(MobileNetV1& model, const WeightSet& weights,
                  const std::filesystem::path& source) {
  torch::NoGradGuard noGrad;
  std::set<std::string> used;
  auto assign = [&](const std::string& name, torch::Tensor& target) {
    const auto found = weights.tensors.find(name);
    if (found == weights.tensors.end())
      throw WeightsError(quoted(source) + ": expected a tensor " + name + ", found none");
    const FloatTensor& tensor = found->second;
    const std::vector<std::int64_t> shape(target.sizes().begin(), target.sizes().end());
    checkShape(source, name, shape, tensor.shape);
    if (static_cast<std::int64_t>(tensor.values.size()) != target.numel())
      throw WeightsError(quoted(source) + ": " + name + ": expected " +
                         std::to_string(target.numel()) + " values, found " +
                         std::to_string(tensor.values.size()));
    const torch::Tensor values =
        torch::from_blob(const_cast<float*>(tensor.values.data()), shape, torch::kFloat32);
    target.copy_(values);
    used.insert(name);
  };
  for (auto& item : model->named_parameters(true)) assign(item.key(), item.value());
  for (auto& item : model->named_buffers(true))
    if (item.key().find("num_batches_tracked") == std::string::npos)
      assign(item.key(), item.value());
  for (const auto& [name, tensor] : weights.tensors)
    if (!used.count(name))
      throw WeightsError(quoted(source) + ": the file holds a tensor " + name +
                         " that the network does not have");
}

void saveWeights(MobileNetV1& model, const std::filesystem::path& file,
                 const InputScaling& scaling, const std::vector<std::string>& labels) {
  const ModelOptions& options = model->options();
  nlohmann::json metadata{
      {"format", kNativeFormatName},
      {"version", kNativeFormatVersion},
      {"alpha", options.network.alpha},
      {"resolution", options.network.resolution},
      {"classes", options.network.classes},
      {"conv", std::string(toString(options.network.conv))},
      {"padding", paddingName(options.padding)},
  };
  // One number where all channels agree (what version 1 files always had), else three.
  if (scaling.uniform()) {
    metadata["input_offset"] = scaling.offset[0];
    metadata["input_divisor"] = scaling.divisor[0];
  } else {
    metadata["input_offset"] = scaling.offset;
    metadata["input_divisor"] = scaling.divisor;
  }
  if (!labels.empty()) metadata["labels"] = labels;
  torch::serialize::OutputArchive archive;
  model->save(archive);
  archive.write(kMetadataKey, c10::IValue(metadata.dump()));
  // Serialised in memory first, then written whole or not at all: LibTorch's own file writer
  // throws from a destructor on a full disk (an abort) and leaves a torn file when killed.
  std::ostringstream bytes;
  try {
    archive.save_to(bytes);
  } catch (const c10::Error& e) {
    throw WeightsError(quoted(file) + ": cannot write the weights: " +
                       firstLine(e.what_without_backtrace()));
  }
  try {
    writeFileAtomically(file, bytes.view());
  } catch (const std::system_error& e) {
    throw WeightsError(std::string(e.what()));
  }
}

WeightSet readNativeWeights(const std::filesystem::path& file) {
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(file.string(), torch::Device(torch::kCPU));
  } catch (const std::exception& e) {
    throw WeightsError(quoted(file) +
                       ": corrupted or truncated MobileNet Lab weights archive: expected a "
                       "readable LibTorch archive, found one that fails to load (" +
                       firstLine(e.what()) + ")");
  }
  c10::IValue entry;
  if (!archive.try_read(kMetadataKey, entry) || !entry.isString())
    throw WeightsError(quoted(file) + ": not a MobileNet Lab weights file: expected a LibTorch "
                       "archive with an mnl_metadata entry, found none");
  const nlohmann::json metadata = nlohmann::json::parse(entry.toStringRef(), nullptr, false);
  auto fail = [&](const std::string& what) -> WeightsError {
    return WeightsError(quoted(file) + ": invalid metadata: " + what);
  };
  if (metadata.is_discarded() || !metadata.is_object()) throw fail("not a JSON object");
  if (metadata.value("format", std::string()) != kNativeFormatName)
    throw fail(std::string("expected format ") + kNativeFormatName);
  if (metadata.value("version", 0) != kNativeFormatVersion)
    throw fail("expected version " + std::to_string(kNativeFormatVersion) + ", found " +
               metadata.value("version", nlohmann::json()).dump());

  WeightSet set;
  set.format = WeightsFormat::Native;
  try {
    set.network.alpha = metadata.at("alpha").get<double>();
    set.network.resolution = metadata.at("resolution").get<int>();
    set.network.classes = metadata.at("classes").get<int>();
    set.network.conv = parseConvMode(metadata.at("conv").get<std::string>());
    const std::string padding = metadata.value("padding", paddingName(PaddingMode::TensorFlowSame));
    set.padding = padding == "symmetric" ? PaddingMode::Symmetric : PaddingMode::TensorFlowSame;
    auto perChannel = [&](const char* key) {
      const nlohmann::json value = metadata.value(key, nlohmann::json(127.5));
      if (value.is_number()) {
        const double all = value.get<double>();
        return std::array<double, 3>{all, all, all};
      }
      return value.get<std::array<double, 3>>();
    };
    set.scaling = InputScaling{perChannel("input_offset"), perChannel("input_divisor")};
    if (metadata.contains("labels")) set.labels = metadata["labels"].get<std::vector<std::string>>();
    validate(set.network);
  } catch (const std::exception& e) {
    throw fail(e.what());
  }
  for (double divisor : set.scaling.divisor)
    if (!(divisor > 0)) throw fail("input_divisor must be positive");

  for (const auto& [name, shape] : expectedTensorShapes(set.network)) {
    torch::Tensor tensor;
    if (!readNested(archive, name, tensor) || !tensor.defined())
      throw WeightsError(quoted(file) + ": expected a tensor " + name + ", found none");
    tensor = tensor.to(torch::kCPU, torch::kFloat32).contiguous();
    checkShape(file, name, shape, std::vector<std::int64_t>(tensor.sizes().begin(),
                                                            tensor.sizes().end()));
    const float* data = tensor.data_ptr<float>();
    set.tensors[name] = FloatTensor{shape, std::vector<float>(data, data + tensor.numel())};
  }
  return set;
}

WeightSet weightSetOf(const MobileNetV1& model, const InputScaling& scaling,
                      const std::vector<std::string>& labels) {
  WeightSet set;
  set.format = WeightsFormat::Native;
  set.network = model->options().network;
  set.padding = model->options().padding;
  set.scaling = scaling;
  set.labels = labels;
  const auto add = [&set](const std::string& name, const torch::Tensor& value) {
    const torch::Tensor t = value.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    set.tensors[name] = FloatTensor{t.sizes().vec(),
                                    {t.data_ptr<float>(), t.data_ptr<float>() + t.numel()}};
  };
  for (const auto& item : model->named_parameters()) add(item.key(), item.value());
  for (const auto& item : model->named_buffers())
    if (item.value().is_floating_point()) add(item.key(), item.value());
  return set;
}

}  // namespace mnl
