// SPDX-License-Identifier: GPL-3.0-or-later
#include "folded_network.h"

#include <torch/torch.h>

#include <algorithm>

#include "mnl/torch_device.h"

namespace mnl {

FoldedNetwork::FoldedNetwork(MobileNetV1 model, torch::Device device, Precision precision,
                             bool channelsLast)
    : layers(model->layers()),
      padding(model->options().padding),
      dtype(scalarTypeOf(precision)),
      memoryFormat(channelsLast ? torch::MemoryFormat::ChannelsLast
                                : torch::MemoryFormat::Contiguous),
      device(device) {
  torch::NoGradGuard noGrad;
  const auto onDevice = torch::TensorOptions().device(device).dtype(dtype);
  model->eval();
  for (const auto& child : model->features->named_children()) {
    auto unit = child.value()->as<ConvBnRelu>();
    const auto& bn = unit->bn;
    const torch::Tensor scale = bn->weight / torch::sqrt(bn->running_var + bn->options.eps());
    FoldedConv conv;
    conv.spec = unit->spec();
    conv.weight =
        (unit->conv->weight * scale.view({-1, 1, 1, 1})).to(onDevice).contiguous(memoryFormat);
    conv.bias = (bn->bias - bn->running_mean * scale).contiguous().to(onDevice);
    convs.push_back(std::move(conv));
  }
  fcWeight = model->classifier->weight.detach().contiguous().to(onDevice);
  fcBias = model->classifier->bias.detach().contiguous().to(onDevice);
  for (const FoldedConv& conv : convs)
    peakBytesPerImage =
        std::max(peakBytesPerImage, static_cast<std::int64_t>(conv.spec.input.elements() +
                                                              conv.spec.output.elements()) *
                                        static_cast<std::int64_t>(c10::elementSize(dtype)));
}

}  // namespace mnl
