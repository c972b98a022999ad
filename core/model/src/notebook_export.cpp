// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/notebook_export.h"

#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/export.h>
#include <torch/csrc/jit/serialization/pickler.h>
#include <torch/torch.h>

#include <system_error>

#include "mnl/atomic_file.h"
#include "mnl/notebook_layout.h"
#include "mnl/weight_set.h"
#include "mnl/weights_error.h"

namespace mnl {

void saveNotebookStateDict(const MobileNetV1& model, const std::filesystem::path& file) {
  const ModelOptions& options = model->options();
  if (options.network.conv != ConvMode::Separable)
    throw WeightsError(quoted(file) + ": the notebook's class is the separable MobileNet");
  if (options.padding != PaddingMode::Symmetric)
    throw WeightsError(quoted(file) + ": this network pads as TensorFlow does (the bundled "
                       "models), the notebook's class symmetrically: its answers would differ. "
                       "Write this app's format or TFLite instead");
  torch::NoGradGuard noGrad;
  const auto parameters = model->named_parameters();
  const auto buffers = model->named_buffers();
  const auto get = [&](const std::string& name) {
    if (const torch::Tensor* t = parameters.find(name)) return t->detach().to(torch::kCPU).clone();
    if (const torch::Tensor* t = buffers.find(name)) return t->detach().to(torch::kCPU).clone();
    throw WeightsError(quoted(file) + ": the model lacks " + name);
  };
  c10::Dict<std::string, at::Tensor> dict;
  for (const LayerSpec& layer : buildLayers(options.network)) {
    if (layer.type == LayerType::Pool || layer.type == LayerType::FullyConnected) continue;
    const auto [conv, bn] = notebookNames(layer);
    const std::string ours = "features." + layer.name + ".";
    const torch::Tensor weight = get(ours + "conv.weight");
    dict.insert(conv + ".weight", weight);
    dict.insert(conv + ".bias", torch::zeros({weight.size(0)}));
    const torch::Tensor var = get(ours + "bn.running_var");
    // The same scale γ/√(var + ε) under PyTorch's ε as under this model's.
    const torch::Tensor gamma = get(ours + "bn.weight") * torch::sqrt(var + kPyTorchBatchNormEpsilon) /
                                torch::sqrt(var + kBatchNormEpsilon);
    dict.insert(bn + ".weight", gamma);
    dict.insert(bn + ".bias", get(ours + "bn.bias"));
    dict.insert(bn + ".running_mean", get(ours + "bn.running_mean"));
    dict.insert(bn + ".running_var", var);
    dict.insert(bn + ".num_batches_tracked", torch::zeros({}, torch::kLong));
  }
  dict.insert(std::string(kNotebookClassifier) + ".weight", get("classifier.weight"));
  dict.insert(std::string(kNotebookClassifier) + ".bias", get("classifier.bias"));
  // torch::pickle_save's steps, but without its type tags: a tagged dict names the callable
  // torch.jit._pickle.restore_type_tag, which torch.load(weights_only=True), the default since
  // PyTorch 2.6, refuses. A plain dict of tensors is what torch.save(model.state_dict()) writes.
  std::vector<char> pickled;
  torch::jit::Pickler pickler(
      [&pickled](const char* data, std::size_t size) { pickled.insert(pickled.end(), data, data + size); },
      nullptr, nullptr, nullptr, nullptr, /*tag_aggregates=*/false);
  pickler.protocol();
  pickler.pushIValue(c10::IValue(dict));
  pickler.stop();
  std::vector<char> bytes;
  {
    caffe2::serialize::PyTorchStreamWriter writer([&bytes](const void* data, std::size_t size) {
      const char* begin = static_cast<const char*>(data);
      bytes.insert(bytes.end(), begin, begin + size);
      return size;
    });
    torch::jit::writeArchiveAndTensors("data", pickled.data(), pickled.size(), pickler.tensorData(),
                                       writer);
  }  // the writer finishes the zip when it goes
  try {
    writeFileAtomically(file, {bytes.data(), bytes.size()});
  } catch (const std::system_error& e) {
    throw WeightsError(quoted(file) + ": " + e.code().message());
  }
}

}  // namespace mnl
