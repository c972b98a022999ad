// SPDX-License-Identifier: GPL-3.0-or-later
// The whole CPU network straight on the system's oneDNN (mnl/onednn_network.h), in float32 or,
// where the CPU has the instructions, bfloat16 or int8:
// primitives planned once per batch, input size and thread count, blocked layouts, no ATen call
// per layer. Built where CMake finds oneDNN (MNL_WITH_ONEDNN); else onednn_absent.cpp.
#include <torch/torch.h>

#include <algorithm>

#include "backend.h"
#include "mnl/onednn_network.h"

namespace mnl::backends {

namespace {

class OneDnn final : public Backend {
 public:
  OneDnn(std::shared_ptr<const FoldedNetwork> network, DirectOptions options)
      : network_(std::move(network)), options_(std::move(options)) {
    // The app's batch at the planned size, ready before the first frame.
    const LayerSpec& first = network_->layers.front();
    planFor(1, first.input.height, first.input.width);
  }

  ForwardResult forward(const torch::Tensor& images,
                        const std::vector<std::string>& tapNames) override {
    LayerTaps taps(network_->layers, tapNames);
    if (images.dim() != 4 || images.size(1) != 3)
      throw std::invalid_argument("InferenceNetwork: images must be [N, 3, H, W]");
    const torch::Tensor input = images.to(torch::kFloat).contiguous();
    OneDnnNetwork& plan = planFor(input);
    torch::Tensor logits = torch::empty({input.size(0), plan.classes()}, torch::kFloat);
    plan.run(input.data_ptr<float>(), logits.data_ptr<float>());
    if (!taps.empty()) {
      for (std::size_t layer = 0; layer < plan.layerCount(); ++layer) {
        const std::string& name = plan.layerName(layer);
        if (std::find(tapNames.begin(), tapNames.end(), name) == tapNames.end()) continue;
        const DirectShape s = plan.outputShape(layer);
        torch::Tensor out = torch::empty({s.batch, s.channels, s.height, s.width}, torch::kFloat);
        plan.copyOutput(layer, out.data_ptr<float>());
        taps.keep(name, out);
      }
      taps.keep("fc", logits);
    }
    return taps.finish(logits);
  }

  std::vector<double> profileLayers(const torch::Tensor& images, int repetitions) override {
    const torch::Tensor input = images.to(torch::kFloat).contiguous();
    return planFor(input).profileLayers(input.data_ptr<float>(), repetitions);
  }

  std::vector<std::string> layerKernels(const torch::Tensor& images) override {
    return planFor(images).layerKernels();
  }

 private:
  OneDnnNetwork& planFor(const torch::Tensor& input) {
    return planFor(int(input.size(0)), int(input.size(2)), int(input.size(3)));
  }

  // The plan for this batch, input size and thread count (torch::get_num_threads(): the
  // OpenMP threads a plan's primitives were created for), planned now if new.
  OneDnnNetwork& planFor(int batch, int height, int width) {
    const int threads = torch::get_num_threads();
    const auto found = std::find_if(plans_.begin(), plans_.end(), [&](const Plan& p) {
      return p.network->batch() == batch && p.network->height() == height &&
             p.network->width() == width && p.threads == threads;
    });
    if (found != plans_.end()) {
      std::rotate(plans_.begin(), found, found + 1);  // most recent first
      return *plans_.front().network;
    }
    std::unique_ptr<OneDnnNetwork> plan;
    try {
      plan = std::make_unique<OneDnnNetwork>(directWeights(), batch, height, width, options_);
    } catch (const std::runtime_error& e) {
      // oneDNN offers no kernel it may use here (an old CPU): LibTorch's path from now on.
      throw GaveUp(e.what());
    }
    if (plans_.size() >= kMaxPlans) plans_.pop_back();
    plans_.insert(plans_.begin(), Plan{threads, std::move(plan)});
    return *plans_.front().network;
  }

  // The plain arrays a plan packs its weights from, made for each new plan and dropped after:
  // kept, they were one more copy of every weight for each network the engine holds (17 MB at
  // 1.0/224).
  DirectWeights directWeights() const {
    DirectWeights weights;
    weights.padding = network_->padding;
    auto floats = [](const torch::Tensor& t) {
      const torch::Tensor plain = t.to(torch::kFloat).contiguous();
      return std::vector<float>(plain.data_ptr<float>(), plain.data_ptr<float>() + plain.numel());
    };
    for (const FoldedConv& conv : network_->convs)
      weights.convolutions.push_back({conv.spec, floats(conv.weight), floats(conv.bias)});
    weights.fcWeight = floats(network_->fcWeight);
    weights.fcBias = floats(network_->fcBias);
    weights.classes = int(network_->fcWeight.size(0));
    return weights;
  }

  std::shared_ptr<const FoldedNetwork> network_;
  DirectOptions options_;
  struct Plan {
    int threads;
    std::unique_ptr<OneDnnNetwork> network;
  };
  // Most recent first: the app's batch 1 and a benchmark's batch 8, an odd size a person
  // tried, the window's thread count and the fewer it runs with on a busy machine.
  static constexpr std::size_t kMaxPlans = 3;
  std::vector<Plan> plans_;
};

}  // namespace

namespace {

DirectPrecision directPrecision(Precision precision) {
  switch (precision) {
    case Precision::BFloat16: return DirectPrecision::BFloat16;
    case Precision::Int8: return DirectPrecision::Int8;
    case Precision::Float32: return DirectPrecision::Float32;
    case Precision::Float16: break;
  }
  throw std::invalid_argument("the direct oneDNN path has no fp16");
}

}  // namespace

std::unique_ptr<Backend> makeOneDnn(std::shared_ptr<const FoldedNetwork> network,
                                    Precision precision, std::vector<float> activationMax,
                                    std::vector<std::vector<float>> activationMean) {
  return std::make_unique<OneDnn>(
      std::move(network), DirectOptions{directPrecision(precision), std::move(activationMax),
                                        std::move(activationMean)});
}

std::string oneDnnVersion() { return OneDnnNetwork::version(); }

bool oneDnnEmulated(Precision precision) {
  return precision != Precision::Float16 && OneDnnNetwork::emulated(directPrecision(precision));
}

std::string oneDnnUnsupported(Precision precision) {
  if (precision == Precision::Float16) return "the CPU path has no fp16";
  return OneDnnNetwork::unsupportedReason(directPrecision(precision));
}

}  // namespace mnl::backends
