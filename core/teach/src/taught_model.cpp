// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/teach/taught_model.h"

#include <torch/torch.h>

#include <stdexcept>

#include "backbone.h"
#include "mnl/model_file.h"

namespace mnl::teach {

void saveTaughtModel(const BackboneRequest& backbone, const LinearHead& head,
                     const std::vector<std::string>& labels, const std::filesystem::path& file) {
  LoadedModel loaded = loadBackbone(backbone);
  const auto dimensions = loaded.model->classifier->options.in_features();
  if (head.dimensions != dimensions)
    throw std::invalid_argument("the head takes " + std::to_string(head.dimensions) +
                                " values but the backbone gives " + std::to_string(dimensions));
  if (static_cast<int>(labels.size()) != head.classes)
    throw std::invalid_argument("the head has " + std::to_string(head.classes) +
                                " classes but " + std::to_string(labels.size()) +
                                " labels were given");
  ModelOptions options = loaded.model->options();
  options.network.classes = head.classes;
  MobileNetV1 taught(options);
  taught->eval();
  torch::NoGradGuard noGrad;
  // Everything but the classifier is the backbone's, name for name.
  const auto from = loaded.model->named_parameters();
  for (auto& item : taught->named_parameters())
    if (!item.key().starts_with("classifier.")) item.value().copy_(from[item.key()]);
  const auto fromBuffers = loaded.model->named_buffers();
  for (auto& item : taught->named_buffers()) item.value().copy_(fromBuffers[item.key()]);
  taught->classifier->weight.copy_(
      torch::from_blob(const_cast<float*>(head.weight.data()), {head.classes, head.dimensions}));
  taught->classifier->bias.copy_(
      torch::from_blob(const_cast<float*>(head.bias.data()), {head.classes}));
  saveModelFile(taught, file, loaded.preprocessing.scaling, labels);
}

}  // namespace mnl::teach
