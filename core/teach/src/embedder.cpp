// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/teach/embedder.h"

#include <torch/torch.h>

#include <cmath>

#include "backbone.h"
#include "mnl/inference_network.h"
#include "mnl/model_catalog.h"
#include "mnl/preprocess.h"

namespace mnl::teach {

LoadedModel loadBackbone(const BackboneRequest& request) {
  ModelRequest model;
  model.network = request.network;
  model.allowUntrained = false;
  model.resourcesDir = request.resourcesDir;
  if (!request.weightsFile.empty()) {
    model.weightsFile = request.weightsFile;
    model.networkFromFile = true;
  } else if (model.network.resolution == 0) {
    model.network.resolution = nativeResolution(model.network.alpha);
  }
  LoadedModel loaded = loadModel(model);
  loaded.preprocessing.crop = request.crop;
  return loaded;
}

struct Embedder::Impl {
  explicit Impl(LoadedModel model)
      : loaded(std::move(model)), network(loaded.model, torch::kCPU) {}
  LoadedModel loaded;
  // The folded network the live view runs (on the CPU the direct oneDNN path): embedding at
  // the network's own speed, not the training form's.
  InferenceNetwork network;
};

Embedder::Embedder(const BackboneRequest& request)
    : impl_(std::make_unique<Impl>(loadBackbone(request))) {}

Embedder::~Embedder() = default;

int Embedder::dimensions() const {
  return static_cast<int>(impl_->loaded.model->classifier->options.in_features());
}

const NetworkConfig& Embedder::network() const { return impl_->loaded.network; }

const std::string& Embedder::weightsDescription() const {
  return impl_->loaded.weightsDescription;
}

std::vector<float> Embedder::embed(const std::vector<Frame>& frames) {
  if (frames.empty()) return {};
  std::vector<BgrImageView> views;
  views.reserve(frames.size());
  for (const Frame& frame : frames) views.push_back(viewOf(frame));
  torch::InferenceMode inference;
  const torch::Tensor input = preprocessBatch(views, impl_->loaded.preprocessing);
  // The global average pool's output: exactly what the classifier sees, so a head learnt here
  // gives, as the exported network's classifier, the probabilities it gave on these values.
  const torch::Tensor pooled = impl_->network.forward(input, {"pool"})
                                   .taps.front()
                                   .second.to(torch::kFloat32)
                                   .flatten(1)
                                   .contiguous();
  return {pooled.data_ptr<float>(), pooled.data_ptr<float>() + pooled.numel()};
}

}  // namespace mnl::teach
