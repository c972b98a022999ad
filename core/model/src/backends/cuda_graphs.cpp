// SPDX-License-Identifier: GPL-3.0-or-later
// CUDA-graph replay of the LibTorch pass (mnl/cuda_graph_forward.h): each (input shape, taps)
// recorded once, then replayed with one launch.
#include <torch/torch.h>

#include <algorithm>

#include "backend.h"
#include "mnl/cuda_graph_forward.h"

namespace mnl::backends {

namespace {

class CudaGraphs final : public Backend {
 public:
  CudaGraphs(Backend& recorded, std::shared_ptr<const FoldedNetwork> network)
      : recorded_(recorded), network_(std::move(network)) {}

  ForwardResult forward(const torch::Tensor& images,
                        const std::vector<std::string>& tapNames) override {
    return graphFor(images, tapNames).replay(images);
  }

  // Timers between layers cannot sit inside a graph: the recorded pass times its layers.
  std::vector<double> profileLayers(const torch::Tensor& images, int repetitions) override {
    return recorded_.profileLayers(images, repetitions);
  }

 private:
  CudaGraphForward& graphFor(const torch::Tensor& images,
                             const std::vector<std::string>& tapNames) {
    const std::vector<int64_t> sizes = images.sizes().vec();
    const auto found =
        std::find_if(recordings_.begin(), recordings_.end(), [&](const Recording& r) {
          return r.inputSizes == sizes && r.taps == tapNames;
        });
    if (found != recordings_.end()) {
      std::rotate(recordings_.begin(), found, found + 1);  // most recent first
      return *recordings_.front().forward;
    }
    const LayerTaps namesChecked(network_->layers, tapNames);  // an unknown name throws before recording
    std::unique_ptr<CudaGraphForward> recorded;
    try {
      auto pass = [this, tapNames](const torch::Tensor& x) {
        return recorded_.forward(x, tapNames);
      };
      recorded = std::make_unique<CudaGraphForward>(pass, images.to(torch::kFloat));
    } catch (const std::exception& e) {  // c10::Error from CUDA, or runtime_error
      // The recorded pass runs directly from now on: same results, more launches.
      throw GaveUp(e.what());
    }
    if (recordings_.size() >= kMaxRecordings) recordings_.pop_back();
    recordings_.insert(recordings_.begin(), Recording{sizes, tapNames, std::move(recorded)});
    return *recordings_.front().forward;
  }

  Backend& recorded_;
  std::shared_ptr<const FoldedNetwork> network_;
  struct Recording {
    std::vector<int64_t> inputSizes;
    std::vector<std::string> taps;
    std::unique_ptr<CudaGraphForward> forward;
  };
  // Most recent first; a few at most (a person paging through layers makes a new one each).
  static constexpr std::size_t kMaxRecordings = 4;
  std::vector<Recording> recordings_;
};

}  // namespace

std::unique_ptr<Backend> makeCudaGraphs(Backend& recorded,
                                        std::shared_ptr<const FoldedNetwork> network) {
  return std::make_unique<CudaGraphs>(recorded, std::move(network));
}

}  // namespace mnl::backends
