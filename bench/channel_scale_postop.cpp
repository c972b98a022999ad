// SPDX-License-Identifier: GPL-3.0-or-later
// A measurement, not part of the product: what multiplying each output channel by its own
// scale costs MobileNet's convolutions on oneDNN. bf16 on the direct path keeps an 8-bit weight
// file's grid by storing each channel's integer codes and multiplying the channel's step back
// after the sum (core/onednn/src/onednn_network.cpp); oneDNN 2.6 takes no output scales on
// f32 or bf16 convolutions, so the multiply is a binary post-op (src1 of 1 × C × 1 × 1). This
// times every layer the reduced formats run (pw1 to pw13 and dw2 to dw13; conv0 and dw1 stay
// f32) twice, with ReLU6 alone and with the per-channel multiply before it, alternating in
// ROUNDS rounds of ITERS runs, and prints the medians and the kernels oneDNN chose. In f32 it
// runs anywhere; in bf16 it runs on AVX512_BF16 or AMX natively, elsewhere in oneDNN's
// software emulation (the kernel's name says which: `…:avx512_core_bf16` is native).
//   g++ -O2 -std=c++20 bench/channel_scale_postop.cpp -ldnnl -o build/channel_scale_postop
//   OMP_NUM_THREADS=2 build/channel_scale_postop [f32|bf16] [ALPHA=1] [RES=224] [ROUNDS=5]
//                                                 [ITERS=200]
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using dnnl::memory;
using Tag = memory::format_tag;
using DataType = memory::data_type;

struct Layer {
  std::string name;
  bool depthwise;
  int inChannels, outChannels, inSide, stride;
};

// MobileNet v1's layers from pw1 on, at width multiplier alpha and input side res.
std::vector<Layer> reducedLayers(double alpha, int res) {
  const int widths[] = {64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
  const int strides[] = {1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};
  std::vector<Layer> layers;
  int side = res / 2;  // after conv0 (stride 2); dw1 keeps it
  int channels = int(32 * alpha);
  for (int block = 0; block < 13; ++block) {
    const int stride = strides[block];
    if (block > 0) {
      layers.push_back({"dw" + std::to_string(block + 1), true, channels, channels, side, stride});
      side = (side + 2 - 3) / stride + 1;
    }
    const int out = int(widths[block] * alpha);
    layers.push_back({"pw" + std::to_string(block + 1), false, channels, out, side, 1});
    channels = out;
  }
  return layers;
}

void fill(const memory& m, DataType type) {
  const std::size_t bytes = m.get_desc().get_size();
  auto* data = static_cast<unsigned char*>(m.get_data_handle());
  if (type == DataType::bf16) {
    const std::uint16_t value = 0x3c24;  // 0.01: small, normal, like MobileNet's activations
    for (std::size_t i = 0; i + 1 < bytes; i += 2) std::memcpy(data + i, &value, 2);
  } else {
    const float value = 0.01f;
    for (std::size_t i = 0; i + 3 < bytes; i += 4) std::memcpy(data + i, &value, 4);
  }
}

struct Timed {
  dnnl::convolution_forward primitive;
  std::unordered_map<int, memory> args;
  std::string kernel;
};

// How the output is scaled before ReLU6: not at all, by one step for the whole layer (folded
// into ReLU6's eltwise: s × clip(y, 0, 6 / s) = clip(s × y, 0, 6) for s > 0), or by a step per
// output channel (a binary post-op).
enum class Scale { None, Layer, Channel };

Timed build(const dnnl::engine& engine, const Layer& layer, DataType type, Scale scale) {
  const int side = layer.inSide, out = (side + 2 - 3) / layer.stride + 1;
  const int outSide = layer.depthwise ? out : side;
  const memory::dims weightDims =
      layer.depthwise ? memory::dims{layer.inChannels, 1, 1, 3, 3}
                      : memory::dims{layer.outChannels, layer.inChannels, 1, 1};
  const memory::dim pad = layer.depthwise ? 1 : 0;
  const memory::desc scales({1, layer.outChannels, 1, 1}, DataType::f32, Tag::nchw);
  dnnl::post_ops postOps;
  if (scale == Scale::Channel) postOps.append_binary(dnnl::algorithm::binary_mul, scales);
  const float layerStep = scale == Scale::Layer ? 0.01f : 1.f;
  postOps.append_eltwise(layerStep, dnnl::algorithm::eltwise_clip, 0.f, 6.f / layerStep);
  dnnl::primitive_attr attr;
  attr.set_post_ops(postOps);
  const dnnl::convolution_forward::desc desc(
      dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
      {{1, layer.inChannels, side, side}, type, Tag::any}, {weightDims, type, Tag::any},
      {{layer.outChannels}, DataType::f32, Tag::x},
      {{1, layer.outChannels, outSide, outSide}, type, Tag::any}, {layer.stride, layer.stride},
      {pad, pad}, {pad, pad});
  const dnnl::convolution_forward::primitive_desc pd(desc, attr, engine);
  Timed timed{dnnl::convolution_forward(pd), {}, pd.impl_info_str()};
  memory src(pd.src_desc(), engine), weights(pd.weights_desc(), engine),
      bias(pd.bias_desc(), engine), dst(pd.dst_desc(), engine), scaleValues(scales, engine);
  fill(src, type);
  fill(weights, type);
  fill(bias, DataType::f32);
  fill(scaleValues, DataType::f32);
  timed.args = {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_BIAS, bias},
                {DNNL_ARG_DST, dst}};
  if (scale == Scale::Channel)
    timed.args[DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1] = scaleValues;
  return timed;
}

double medianMicroseconds(Timed& timed, dnnl::stream& stream, int iters) {
  std::vector<double> times;
  for (int i = 0; i < iters; ++i) {
    const auto start = std::chrono::steady_clock::now();
    timed.primitive.execute(stream, timed.args);
    stream.wait();
    times.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::nth_element(times.begin(), times.begin() + iters / 2, times.end());
  return times[iters / 2];
}

double median(std::vector<double> values) {
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const bool bf16 = argc > 1 && std::string(argv[1]) == "bf16";
  const double alpha = argc > 2 ? std::atof(argv[2]) : 1.0;
  const int res = argc > 3 ? std::atoi(argv[3]) : 224;
  const int rounds = argc > 4 ? std::atoi(argv[4]) : 5;
  const int iters = argc > 5 ? std::atoi(argv[5]) : 200;
  const DataType type = bf16 ? DataType::bf16 : DataType::f32;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  std::printf("%s, MobileNet v1 %g/%d, oneDNN %d.%d.%d; median of %d rounds of %d runs\n",
              bf16 ? "bf16" : "f32", alpha, res, dnnl_version()->major, dnnl_version()->minor,
              dnnl_version()->patch, rounds, iters);
  std::printf("%-5s %9s %9s %6s %9s %6s  %s\n", "layer", "ReLU6", "x layer", "cost",
              "x channel", "cost", "kernel");
  const Scale variants[] = {Scale::None, Scale::Layer, Scale::Channel};
  double totals[3] = {};
  for (const Layer& layer : reducedLayers(alpha, res)) {
    std::vector<Timed> timed;
    for (const Scale scale : variants) {
      timed.push_back(build(engine, layer, type, scale));
      medianMicroseconds(timed.back(), stream, 20);  // warm-up: pages, caches, the threads
    }
    std::vector<double> rounds3[3];
    for (int round = 0; round < rounds; ++round)
      for (int v = 0; v < 3; ++v) rounds3[v].push_back(medianMicroseconds(timed[v], stream, iters));
    double us[3];
    for (int v = 0; v < 3; ++v) totals[v] += us[v] = median(rounds3[v]);
    std::string kernels = timed[0].kernel;
    for (int v = 1; v < 3; ++v)
      if (timed[v].kernel != timed[0].kernel) kernels += " / " + timed[v].kernel;
    std::printf("%-5s %9.1f %9.1f %+5.1f%% %9.1f %+5.1f%%  %s\n", layer.name.c_str(), us[0],
                us[1], 100 * (us[1] / us[0] - 1), us[2], 100 * (us[2] / us[0] - 1),
                kernels.c_str());
  }
  std::printf("%-5s %9.1f %9.1f %+5.1f%% %9.1f %+5.1f%%  (microseconds, medians)\n", "all",
              totals[0], totals[1], 100 * (totals[1] / totals[0] - 1), totals[2],
              100 * (totals[2] / totals[0] - 1));
}
