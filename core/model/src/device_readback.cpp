// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/device_readback.h"

#include <torch/torch.h>

#include <algorithm>

#include "mnl/torch_device.h"

namespace mnl {
namespace {

// The pieces to send, flattened to float32 on the device, and where each lands in the copy.
class Packer {
 public:
  std::int64_t add(const torch::Tensor& piece) {
    const std::int64_t at = size_;
    pieces_.push_back(piece.to(torch::kFloat).flatten());
    size_ += pieces_.back().numel();
    return at;
  }
  // One transfer. To pinned host memory on a GPU, so the copy engine writes it directly; the
  // wait for the device is the one place this frame synchronises.
  torch::Tensor toHost(const torch::Device& device) const {
    const torch::Tensor packed = torch::cat(pieces_);
    if (device.is_cpu()) return packed.contiguous();
    torch::Tensor host = torch::empty(
        {size_}, torch::TensorOptions().dtype(torch::kFloat).pinned_memory(true));
    host.copy_(packed, /*non_blocking=*/true);
    synchronize(device);
    return host;
  }

 private:
  std::vector<torch::Tensor> pieces_;
  std::int64_t size_ = 0;
};

}  // namespace

Readback readBack(const torch::Tensor& logits, int topK, const std::string& layer,
                  const torch::Tensor& tap, const FeatureMapRequest& request) {
  Packer packer;
  const torch::Tensor probabilities = torch::softmax(logits[0].to(torch::kFloat), 0);
  const int k = std::clamp<int>(topK, 1, static_cast<int>(probabilities.size(0)));
  const auto [values, indices] = probabilities.topk(k);
  const std::int64_t valuesAt = packer.add(values);
  const std::int64_t indicesAt = packer.add(indices);  // class indices < 2²⁴: exact as floats

  FeatureMaps maps;
  std::int64_t rangeAt = 0, statsAt = 0, pageAt = 0, count = 0;
  if (tap.defined()) {
    // fc gives [1, classes]; treat every output as N × C × H × W.
    const torch::Tensor all = (tap.dim() == 2 ? tap.unsqueeze(-1).unsqueeze(-1) : tap)[0];
    const std::int64_t channels = all.size(0);
    maps.layer = layer;
    maps.shape = {static_cast<int>(all.size(1)), static_cast<int>(all.size(2)),
                  static_cast<int>(channels)};
    const auto [layerMin, layerMax] = torch::aminmax(all);
    rangeAt = packer.add(torch::stack({layerMin, layerMax}));

    const std::int64_t first = std::clamp<std::int64_t>(request.firstChannel, 0, channels - 1);
    count = std::clamp<std::int64_t>(request.channelCount, 1, channels - first);
    maps.firstChannel = static_cast<int>(first);
    torch::Tensor page = all.narrow(0, first, count);
    const torch::Tensor flat = page.flatten(1).to(torch::kFloat);
    const auto [mins, maxs] = torch::aminmax(flat, 1);
    statsAt = packer.add(torch::stack({mins, maxs, flat.mean(1), (flat == 0).to(torch::kFloat).mean(1),
                                       (flat >= 6).to(torch::kFloat).mean(1)},
                                      1));
    if (request.maxSide > 0 && page.size(1) > request.maxSide)
      page = torch::adaptive_avg_pool2d(page.unsqueeze(0).to(torch::kFloat),
                                        {request.maxSide, request.maxSide})[0];
    maps.side = static_cast<int>(page.size(1));
    pageAt = packer.add(page.contiguous());
  }

  const torch::Tensor host = packer.toHost(logits.device());
  const float* data = host.data_ptr<float>();
  Readback result;
  for (int i = 0; i < k; ++i)
    result.top.emplace_back(static_cast<int>(data[indicesAt + i]), data[valuesAt + i]);
  if (tap.defined()) {
    maps.layerMin = data[rangeAt];
    maps.layerMax = data[rangeAt + 1];
    const float* s = data + statsAt;
    maps.stats.resize(count);
    for (std::int64_t c = 0; c < count; ++c, s += 5) maps.stats[c] = {s[0], s[1], s[2], s[3], s[4]};
    maps.values.assign(data + pageAt, data + pageAt + count * maps.side * maps.side);
    result.featureMaps = std::move(maps);
  }
  return result;
}

}  // namespace mnl
