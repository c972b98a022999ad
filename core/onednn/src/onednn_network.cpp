// SPDX-License-Identifier: GPL-3.0-or-later
// The only translation unit that includes oneDNN's headers: the system's (Debian's libdnnl-dev),
// never torch's copy, so this library is built without torch's include folders.
#include "mnl/onednn_network.h"

#include "mnl/weight_coding.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <stdexcept>

#include "mnl/sample_stats.h"

namespace mnl {

namespace {

using dnnl::memory;
using Tag = memory::format_tag;
using DataType = memory::data_type;

const dnnl::engine& cpuEngine() {
  static const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

// Zero padding of one axis: PyTorch's symmetric k/2, or TensorFlow SAME (the odd pixel after).
std::pair<int, int> paddingOf(int side, const LayerSpec& spec, PaddingMode mode) {
  if (spec.kernel <= 1) return {0, 0};
  if (mode == PaddingMode::Symmetric) return {spec.kernel / 2, spec.kernel / 2};
  return samePadding(side, spec.stride, spec.kernel);
}

// Each primitive scratches in one buffer the plan owns (user mode): oneDNN's own would be
// allocated per primitive, or grown on a call.
dnnl::primitive_attr userScratchpad() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

// The first implementation oneDNN offers for a primitive that does not go through its GEMM
// (`gemm_info_t`) or its reference code. Why not the GEMM: LibTorch carries its own oneDNN and
// exports, weakly, the `std::call_once` thunks of that GEMM's one-time set-up; the dynamic
// linker binds the system oneDNN's calls to LibTorch's copies, which set up LibTorch's kernels,
// so the system library's GEMM finds its own never made and fails ("unimplemented") at run
// time. Direct convolutions (jit, brgemm) and reorders share nothing with LibTorch.
template <typename PrimitiveDesc>
PrimitiveDesc withoutSharedGemm(PrimitiveDesc pd, const std::string& layer) {
  std::string offered;
  do {
    const std::string name = pd.impl_info_str();
    if (name.find("gemm") == std::string::npos && name.rfind("ref", 0) != 0) return pd;
    offered += (offered.empty() ? "" : ", ") + name;
  } while (pd.next_impl());
  throw std::runtime_error("oneDNN has no direct kernel for " + layer + " (only " + offered + ")");
}

// The same layout in another number format (an activation's own layout, float32 for the pool).
memory::desc withType(memory::desc desc, DataType type) {
  desc.data.data_type = static_cast<dnnl_data_type_t>(type);
  return desc;
}

unsigned effectiveIsaBits() {
  return static_cast<unsigned>(dnnl::get_effective_cpu_isa());
}
bool hasIsa(unsigned bits, dnnl::cpu_isa isa) {
  const unsigned wanted = static_cast<unsigned>(isa);
  return (bits & wanted) == wanted;
}

// MNL_BF16_EMULATION=1: bf16 accepted on an AVX-512 CPU without AVX512_BF16, where oneDNN
// converts to and from bf16 in software (onednn_network.h).
bool bf16EmulationAsked() {
  const char* value = std::getenv("MNL_BF16_EMULATION");
  return value != nullptr && std::strcmp(value, "1") == 0;
}

// ReLU6's bound: what an int8 layer's scale covers when calibration says nothing or more.
constexpr float kRelu6 = 6.f;

// The real value of one u8 code of convolution `index`'s output.
float activationScale(const DirectOptions& options, std::size_t index) {
  float largest = index < options.activationMax.size() ? options.activationMax[index] : kRelu6;
  if (!(largest > 0) || largest > kRelu6) largest = kRelu6;  // NaN, 0 or above: ReLU6's range
  return largest / 255.f;
}

}  // namespace

struct OneDnnNetwork::Plan {
  struct Step {
    dnnl::primitive primitive;
    std::vector<dnnl_exec_arg_t> args;  // the C API's form: executing allocates no vector
    std::size_t layer;                  // the layer it belongs to, for profiling
  };
  struct Layer {
    std::string name;
    memory output;
    DirectShape shape;
    float scale = 1;  // the real value of one unit of `output` (an int8 layer's code)
  };

  int batch = 0, height = 0, width = 0, classes = 0;
  DirectPrecision precision = DirectPrecision::Float32;
  dnnl::stream stream{cpuEngine()};
  memory images;  // the caller's buffer, set on each run
  memory logits;  // likewise
  memory scratchpad;
  std::vector<memory> packed;  // weights and biases the steps use
  std::vector<Step> steps;
  std::vector<Layer> layers;
  memory::dim scratchpadBytes = 0;

  void add(dnnl::primitive primitive, std::vector<std::pair<int, memory>> args, std::size_t layer,
           const memory::desc& scratch) {
    scratchpadBytes = std::max<memory::dim>(scratchpadBytes, scratch.get_size());
    Step step{std::move(primitive), {}, layer};
    for (auto& [arg, mem] : args) {
      step.args.push_back({arg, mem.get()});
      keep.push_back(std::move(mem));
    }
    steps.push_back(std::move(step));
  }
  // Keeps every memory a step's C arguments point at alive.
  std::vector<memory> keep;

  memory packedCopy(const void* values, const memory::desc& user, const memory::desc& wanted) {
    memory source(user, cpuEngine(), const_cast<void*>(values));
    memory target(wanted, cpuEngine());
    dnnl::reorder(source, target).execute(stream, source, target);
    stream.wait();
    packed.push_back(target);
    return target;
  }

  // Inserts a reorder when the next primitive wants another layout, number format or scale
  // than `current` has (`scale`, `wantedScale`: the real value of one unit of each).
  memory inLayout(const memory& current, const memory::desc& wanted, std::size_t layer,
                  float scale = 1, float wantedScale = 1) {
    if (current.get_desc() == wanted && scale == wantedScale) return current;
    memory moved(wanted, cpuEngine());
    dnnl::primitive_attr attr = userScratchpad();
    if (scale != wantedScale) attr.set_output_scales(0, {scale / wantedScale});
    dnnl::reorder::primitive_desc pd(current, moved, attr);
    add(dnnl::reorder(pd), {{DNNL_ARG_FROM, current}, {DNNL_ARG_TO, moved}}, layer,
        pd.scratchpad_desc());
    return moved;
  }
};

std::string OneDnnNetwork::version() {
  const dnnl_version_t* v = dnnl_version();
  return "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
         std::to_string(v->patch);
}

std::string OneDnnNetwork::effectiveIsa() {
  const unsigned bits = effectiveIsaBits();
  std::string isa = hasIsa(bits, dnnl::cpu_isa::avx512_core)  ? "AVX-512"
                    : hasIsa(bits, dnnl::cpu_isa::avx2) ? "AVX2"
                    : hasIsa(bits, dnnl::cpu_isa::avx)  ? "AVX"
                                                        : "SSE4.1";
  if (hasIsa(bits, dnnl::cpu_isa::avx512_core_vnni) || hasIsa(bits, dnnl::cpu_isa::avx2_vnni))
    isa += " + VNNI";
  if (hasIsa(bits, dnnl::cpu_isa::avx512_core_bf16)) isa += " + BF16";
  if (hasIsa(bits, dnnl::cpu_isa::avx512_core_amx)) isa += " + AMX";
  return isa;
}

std::string OneDnnNetwork::unsupportedReason(DirectPrecision precision) {
  const unsigned bits = effectiveIsaBits();
  switch (precision) {
    case DirectPrecision::Float32:
      return {};
    case DirectPrecision::BFloat16:
      if (hasIsa(bits, dnnl::cpu_isa::avx512_core_bf16) || emulated(precision)) return {};
      return "bf16 needs AVX512_BF16 or AMX, which oneDNN cannot use on this CPU (" +
             effectiveIsa() + ")" +
             (hasIsa(bits, dnnl::cpu_isa::avx512_core)
                  ? "; MNL_BF16_EMULATION=1 runs it emulated, for its accuracy, not its speed"
                  : "");
    case DirectPrecision::Int8:
      if (hasIsa(bits, dnnl::cpu_isa::avx512_core_vnni) ||
          hasIsa(bits, dnnl::cpu_isa::avx2_vnni))
        return {};
      return "int8 needs int8 dot-product instructions (AVX-512 VNNI or AVX-VNNI), which oneDNN "
             "cannot use on this CPU (" + effectiveIsa() +
             "): without them its int8 kernels saturate 16-bit sums and lose accuracy silently";
  }
  return "unknown precision";
}

bool OneDnnNetwork::emulated(DirectPrecision precision) {
  const unsigned bits = effectiveIsaBits();
  return precision == DirectPrecision::BFloat16 && bf16EmulationAsked() &&
         hasIsa(bits, dnnl::cpu_isa::avx512_core) &&
         !hasIsa(bits, dnnl::cpu_isa::avx512_core_bf16);
}

DirectPrecision OneDnnNetwork::precision() const { return plan_->precision; }

OneDnnNetwork::OneDnnNetwork(const DirectWeights& weights, int batch, int height, int width,
                             const DirectOptions& options)
    : plan_(std::make_unique<Plan>()) {
  if (batch < 1 || height < 1 || width < 1)
    throw std::invalid_argument("OneDnnNetwork: batch and input size must be positive");
  if (weights.convolutions.empty() || weights.classes < 1)
    throw std::invalid_argument("OneDnnNetwork: no network");
  if (const std::string reason = unsupportedReason(options.precision); !reason.empty())
    throw std::runtime_error(reason);
  Plan& p = *plan_;
  p.batch = batch;
  p.height = height;
  p.width = width;
  p.classes = weights.classes;
  p.precision = options.precision;
  const bool int8 = options.precision == DirectPrecision::Int8;
  const DataType reducedType = int8                                          ? DataType::u8
                               : options.precision == DirectPrecision::BFloat16 ? DataType::bf16
                                                                                : DataType::f32;
  const dnnl::engine& engine = cpuEngine();
  const memory::dim n = batch;
  try {
    p.images = memory({{n, 3, height, width}, DataType::f32, Tag::nchw}, engine, nullptr);
    memory current = p.images;
    float currentScale = 1;
    int channels = 3, h = height, w = width;
    for (std::size_t index = 0; index < weights.convolutions.size(); ++index) {
      const DirectConvolution& conv = weights.convolutions[index];
      const LayerSpec& spec = conv.spec;
      const std::size_t layer = p.layers.size();
      const bool depthwise = spec.type == LayerType::Depthwise;
      if (spec.input.channels != channels)
        throw std::invalid_argument("OneDnnNetwork: " + spec.name + " takes " +
                                    std::to_string(spec.input.channels) + " channels, gets " +
                                    std::to_string(channels));
      const auto [top, bottom] = paddingOf(h, spec, weights.padding);
      const auto [left, right] = paddingOf(w, spec, weights.padding);
      const int outH = (h + top + bottom - spec.kernel) / spec.stride + 1;
      const int outW = (w + left + right - spec.kernel) / spec.stride + 1;
      if (outH < 1 || outW < 1)
        throw std::invalid_argument("OneDnnNetwork: input too small for " + spec.name);
      const int outC = spec.output.channels;
      const memory::dim k = spec.kernel;
      const memory::dims weightDims =
          depthwise ? memory::dims{channels, 1, 1, k, k} : memory::dims{outC, channels, k, k};
      const Tag plainWeights = depthwise ? Tag::goihw : Tag::oihw;
      // conv0 and dw1 stay float32 (see DirectPrecision); the others take the reduced format.
      constexpr std::size_t kFirstReduced = 2;
      const bool reduced =
          index >= kFirstReduced && options.precision != DirectPrecision::Float32;
      const bool int8Layer = reduced && int8, bf16Layer = reduced && !int8;
      const DataType actType = reduced ? reducedType : DataType::f32;
      const DataType weightType =
          !reduced ? DataType::f32 : int8 ? DataType::s8 : DataType::bf16;
      // Int8: the input's scale is the previous layer's, the output's this layer's.
      const float inScale = int8Layer ? activationScale(options, index - 1) : 1.f;
      const float outScale = int8Layer ? activationScale(options, index) : 1.f;

      // The input's mean per channel, where calibration measured it: the bias correction.
      const std::span<const float> inputMeans =
          reduced && index - 1 < options.activationMean.size() &&
                  options.activationMean[index - 1].size() == std::size_t(channels)
              ? std::span<const float>(options.activationMean[index - 1])
              : std::span<const float>();
      dnnl::primitive_attr attr = userScratchpad();
      Int8Coding int8Coding;
      Bf16Coding bf16Coding;
      if (int8Layer) {
        int8Coding = codeInt8(conv.weight, conv.bias, depthwise, inScale, outScale, inputMeans);
        attr.set_output_scales(1 << 1, int8Coding.outputScales);  // per output channel
      } else if (bf16Layer) {
        bf16Coding = codeBf16(conv.weight, conv.bias, depthwise, inputMeans);
      }
      const std::vector<float>& bias =
          int8Layer ? int8Coding.bias : bf16Layer ? bf16Coding.bias : conv.bias;
      const std::vector<float>& bf16Scales = bf16Coding.scales;
      const bool channelScales = bf16Scales.size() > 1;
      const float layerScale = bf16Scales.size() == 1 ? bf16Scales.front() : 1.f;
      const memory::desc channelScalesDesc({1, outC, 1, 1}, DataType::f32, Tag::nchw);
      dnnl::post_ops postOps;  // bf16's scales, then ReLU6 in the output's units
      if (channelScales) postOps.append_binary(dnnl::algorithm::binary_mul, channelScalesDesc);
      // One scale for the layer goes in with ReLU6: s × clip(y, 0, 6 / s) = clip(s × y, 0, 6).
      postOps.append_eltwise(layerScale, dnnl::algorithm::eltwise_clip, 0.f,
                             kRelu6 / outScale / layerScale);
      attr.set_post_ops(postOps);
      const dnnl::convolution_forward::desc desc(
          dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
          {{n, channels, h, w}, actType, Tag::any}, {weightDims, weightType, Tag::any},
          {{outC}, DataType::f32, Tag::x}, {{n, outC, outH, outW}, actType, Tag::any},
          {spec.stride, spec.stride}, {top, left}, {bottom, right});
      const auto pd = withoutSharedGemm(
          dnnl::convolution_forward::primitive_desc(desc, attr, engine), spec.name);
      // The CPU having VNNI is not enough: the kernel oneDNN picked must use it (an older
      // oneDNN on an AVX-VNNI-only CPU falls back to AVX2's saturating int8 kernels).
      if (int8Layer) {
        const std::string kernel = pd.impl_info_str();
        if (kernel.find("vnni") == std::string::npos && kernel.find("amx") == std::string::npos)
          throw std::runtime_error("int8: " + OneDnnNetwork::version() +
                                   " has no VNNI kernel for " + spec.name +
                                   " on this CPU (it offers " + kernel +
                                   "): without one int8 sums saturate and accuracy falls");
      }
      current = p.inLayout(current, pd.src_desc(), layer, currentScale, inScale);
      const float* floatWeights =
          bf16Coding.codes.empty() ? conv.weight.data() : bf16Coding.codes.data();
      const memory packedWeights =
          !int8Coding.codes.empty()
              ? p.packedCopy(int8Coding.codes.data(), {weightDims, DataType::s8, plainWeights},
                             pd.weights_desc())
              : p.packedCopy(floatWeights, {weightDims, DataType::f32, plainWeights},
                             pd.weights_desc());
      const memory packedBias = p.packedCopy(bias.data(), {{outC}, DataType::f32, Tag::x},
                                             {{outC}, DataType::f32, Tag::x});
      memory output(pd.dst_desc(), engine);
      std::vector<std::pair<int, memory>> args{{DNNL_ARG_SRC, current},
                                               {DNNL_ARG_WEIGHTS, packedWeights},
                                               {DNNL_ARG_BIAS, packedBias},
                                               {DNNL_ARG_DST, output}};
      if (channelScales)
        args.emplace_back(DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1,
                          p.packedCopy(bf16Scales.data(), channelScalesDesc, channelScalesDesc));
      p.add(dnnl::convolution_forward(pd), std::move(args), layer, pd.scratchpad_desc());
      p.layers.push_back({spec.name, output, {batch, outC, outH, outW}, outScale});
      current = output;
      currentScale = outScale;
      channels = outC;
      h = outH;
      w = outW;
    }
    // The pool and the classifier in float32: the last convolution's output converted in its
    // own layout (7 × 7 × C values at 224 px: nothing beside the convolutions).
    if (current.get_desc().data_type() != DataType::f32 || currentScale != 1) {
      const memory::desc plain = withType(current.get_desc(), DataType::f32);
      current = p.inLayout(current, plain, p.layers.size() - 1, currentScale, 1);
    }
    {  // global average pooling, in the last convolution's layout
      const std::size_t layer = p.layers.size();
      const dnnl::pooling_forward::desc desc(
          dnnl::prop_kind::forward_inference, dnnl::algorithm::pooling_avg_exclude_padding,
          current.get_desc(), {{n, channels, 1, 1}, DataType::f32, Tag::any}, {1, 1}, {h, w},
          {0, 0}, {0, 0});
      const auto pd = withoutSharedGemm(
          dnnl::pooling_forward::primitive_desc(desc, userScratchpad(), engine), "pool");
      memory output(pd.dst_desc(), engine);
      p.add(dnnl::pooling_forward(pd), {{DNNL_ARG_SRC, current}, {DNNL_ARG_DST, output}}, layer,
            pd.scratchpad_desc());
      p.layers.push_back({"pool", output, {batch, channels, 1, 1}});
      current = output;
    }
    {  // the classifier: a 1×1 convolution of the pooled [N, C, 1, 1], weights packed once,
       // written into the caller's logits ([N, classes, 1, 1] channels-last is [N, classes]).
       // A convolution rather than oneDNN's inner product, which runs on its GEMM.
      const std::size_t layer = p.layers.size();
      const memory::dim classes = weights.classes;
      if (weights.fcWeight.size() != std::size_t(classes * channels) ||
          weights.fcBias.size() != std::size_t(classes))
        throw std::invalid_argument("OneDnnNetwork: classifier does not fit " +
                                    std::to_string(channels) + " channels");
      p.logits = memory({{n, classes, 1, 1}, DataType::f32, Tag::nhwc}, engine, nullptr);
      const memory::dims weightDims{classes, channels, 1, 1};
      const dnnl::convolution_forward::desc desc(
          dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
          {{n, channels, 1, 1}, DataType::f32, Tag::any}, {weightDims, DataType::f32, Tag::any},
          {{classes}, DataType::f32, Tag::x}, {{n, classes, 1, 1}, DataType::f32, Tag::any},
          {1, 1}, {0, 0}, {0, 0});
      const auto pd = withoutSharedGemm(
          dnnl::convolution_forward::primitive_desc(desc, userScratchpad(), engine), "fc");
      current = p.inLayout(current, pd.src_desc(), layer);
      const memory packedWeights = p.packedCopy(
          weights.fcWeight.data(), {weightDims, DataType::f32, Tag::oihw}, pd.weights_desc());
      const memory bias = p.packedCopy(weights.fcBias.data(), {{classes}, DataType::f32, Tag::x},
                                       {{classes}, DataType::f32, Tag::x});
      // Channels-last (AVX-512's kernels) is the logits' own layout; a blocked one (AVX2's)
      // goes through one reorder.
      const memory output =
          pd.dst_desc() == p.logits.get_desc() ? p.logits : memory(pd.dst_desc(), engine);
      p.add(dnnl::convolution_forward(pd),
            {{DNNL_ARG_SRC, current}, {DNNL_ARG_WEIGHTS, packedWeights}, {DNNL_ARG_BIAS, bias},
             {DNNL_ARG_DST, output}},
            layer, pd.scratchpad_desc());
      if (output != p.logits) {
        dnnl::reorder::primitive_desc reorderPd(output, p.logits, userScratchpad());
        p.add(dnnl::reorder(reorderPd), {{DNNL_ARG_FROM, output}, {DNNL_ARG_TO, p.logits}}, layer,
              reorderPd.scratchpad_desc());
      }
    }
    p.scratchpad = memory({{std::max<memory::dim>(p.scratchpadBytes, 1)}, DataType::u8, Tag::x},
                          engine);
    for (Plan::Step& step : p.steps) step.args.push_back({DNNL_ARG_SCRATCHPAD, p.scratchpad.get()});
  } catch (const dnnl::error& e) {
    throw std::runtime_error(std::string("oneDNN refused the network: ") + e.what());
  }
}

OneDnnNetwork::~OneDnnNetwork() = default;

int OneDnnNetwork::batch() const { return plan_->batch; }
int OneDnnNetwork::height() const { return plan_->height; }
int OneDnnNetwork::width() const { return plan_->width; }
int OneDnnNetwork::classes() const { return plan_->classes; }
std::size_t OneDnnNetwork::layerCount() const { return plan_->layers.size(); }
const std::string& OneDnnNetwork::layerName(std::size_t layer) const {
  return plan_->layers.at(layer).name;
}
DirectShape OneDnnNetwork::outputShape(std::size_t layer) const {
  return plan_->layers.at(layer).shape;
}

void OneDnnNetwork::run(const float* images, float* logits) {
  Plan& p = *plan_;
  p.images.set_data_handle(const_cast<float*>(images));
  p.logits.set_data_handle(logits);
  for (const Plan::Step& step : p.steps) {
    const dnnl_status_t status = dnnl_primitive_execute(
        step.primitive.get(), p.stream.get(), int(step.args.size()), step.args.data());
    if (status != dnnl_success)
      throw std::runtime_error(
          "oneDNN could not run " +
          (step.layer < p.layers.size() ? p.layers[step.layer].name : std::string("fc")) +
          " (status " + std::to_string(int(status)) + ")");
  }
  p.stream.wait();
}

void OneDnnNetwork::copyOutput(std::size_t layer, float* out) const {
  Plan& p = *plan_;
  const Plan::Layer& kept = p.layers.at(layer);
  const DirectShape& s = kept.shape;
  memory plain({{s.batch, s.channels, s.height, s.width}, DataType::f32, Tag::nchw}, cpuEngine(),
               out);
  memory source = kept.output;
  dnnl::primitive_attr attr;
  if (kept.scale != 1) attr.set_output_scales(0, {kept.scale});
  dnnl::reorder(dnnl::reorder::primitive_desc(source, plain, attr))
      .execute(p.stream, source, plain);
  p.stream.wait();
}

std::vector<float> OneDnnNetwork::activationMaxima() const {
  std::vector<float> maxima;
  for (std::size_t layer = 0; layer < plan_->layers.size(); ++layer) {
    if (plan_->layers[layer].name == "pool") continue;
    std::vector<float> values(plan_->layers[layer].shape.elements());
    copyOutput(layer, values.data());
    maxima.push_back(values.empty() ? 0.f : *std::max_element(values.begin(), values.end()));
  }
  return maxima;
}

std::vector<std::string> OneDnnNetwork::layerKernels() const {
  std::vector<std::string> kernels(plan_->layers.size() + 1);  // + fc
  for (const Plan::Step& step : plan_->steps) {
    const_dnnl_primitive_desc_t pd = nullptr;
    const char* name = nullptr;
    if (dnnl_primitive_get_primitive_desc(step.primitive.get(), &pd) != dnnl_success ||
        dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &name) != dnnl_success ||
        name == nullptr)
      name = "?";
    const bool reorder = step.primitive.get_kind() == dnnl::primitive::kind::reorder;
    std::string& kernel = kernels.at(step.layer);
    kernel += (kernel.empty() ? "" : " + ") + std::string(reorder ? "reorder " : "") + name;
  }
  return kernels;
}

std::vector<double> OneDnnNetwork::profileLayers(const float* images, int repetitions) {
  using Clock = std::chrono::steady_clock;
  Plan& p = *plan_;
  std::vector<float> logits(std::size_t(p.batch) * std::size_t(p.classes));
  run(images, logits.data());  // buffers touched once before timing
  const std::size_t count = p.layers.size() + 1;  // + fc
  std::vector<std::vector<double>> samples(count);
  std::vector<double> pass(count);
  for (int rep = 0; rep < std::max(1, repetitions); ++rep) {
    std::fill(pass.begin(), pass.end(), 0.0);
    for (const Plan::Step& step : p.steps) {
      const auto start = Clock::now();
      dnnl_primitive_execute(step.primitive.get(), p.stream.get(), int(step.args.size()),
                             step.args.data());
      p.stream.wait();
      pass[step.layer] += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    }
    for (std::size_t i = 0; i < count; ++i) samples[i].push_back(pass[i]);
  }
  std::vector<double> medians;
  for (const auto& s : samples) medians.push_back(summarize(s).median);
  return medians;
}

}  // namespace mnl
