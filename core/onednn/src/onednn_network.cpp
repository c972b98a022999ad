// SPDX-License-Identifier: GPL-3.0-or-later
// The only translation unit that includes oneDNN's headers: the system's (Debian's libdnnl-dev),
// never torch's copy, so this library is built without torch's include folders.
#include "mnl/onednn_network.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
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
  };

  int batch = 0, height = 0, width = 0, classes = 0;
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

  memory packedCopy(const std::vector<float>& values, const memory::desc& user,
                    const memory::desc& wanted) {
    memory source(user, cpuEngine(), const_cast<float*>(values.data()));
    memory target(wanted, cpuEngine());
    dnnl::reorder(source, target).execute(stream, source, target);
    stream.wait();
    packed.push_back(target);
    return target;
  }

  // Inserts a reorder when the next primitive wants another layout than `current` has.
  memory inLayout(const memory& current, const memory::desc& wanted, std::size_t layer) {
    if (current.get_desc() == wanted) return current;
    memory moved(wanted, cpuEngine());
    dnnl::reorder::primitive_desc pd(current, moved, userScratchpad());
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

OneDnnNetwork::OneDnnNetwork(const DirectWeights& weights, int batch, int height, int width)
    : plan_(std::make_unique<Plan>()) {
  if (batch < 1 || height < 1 || width < 1)
    throw std::invalid_argument("OneDnnNetwork: batch and input size must be positive");
  if (weights.convolutions.empty() || weights.classes < 1)
    throw std::invalid_argument("OneDnnNetwork: no network");
  Plan& p = *plan_;
  p.batch = batch;
  p.height = height;
  p.width = width;
  p.classes = weights.classes;
  const dnnl::engine& engine = cpuEngine();
  const memory::dim n = batch;
  try {
    p.images = memory({{n, 3, height, width}, DataType::f32, Tag::nchw}, engine, nullptr);
    memory current = p.images;
    int channels = 3, h = height, w = width;
    for (const DirectConvolution& conv : weights.convolutions) {
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
      dnnl::post_ops relu6;
      relu6.append_eltwise(1.f, dnnl::algorithm::eltwise_clip, 0.f, 6.f);
      dnnl::primitive_attr attr = userScratchpad();
      attr.set_post_ops(relu6);
      const dnnl::convolution_forward::desc desc(
          dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
          {{n, channels, h, w}, DataType::f32, Tag::any}, {weightDims, DataType::f32, Tag::any},
          {{outC}, DataType::f32, Tag::x}, {{n, outC, outH, outW}, DataType::f32, Tag::any},
          {spec.stride, spec.stride}, {top, left}, {bottom, right});
      const auto pd = withoutSharedGemm(dnnl::convolution_forward::primitive_desc(desc, attr, engine),
                                        spec.name);
      current = p.inLayout(current, pd.src_desc(), layer);
      const memory packedWeights = p.packedCopy(
          conv.weight, {weightDims, DataType::f32, depthwise ? Tag::goihw : Tag::oihw},
          pd.weights_desc());
      const memory bias = p.packedCopy(conv.bias, {{outC}, DataType::f32, Tag::x},
                                       {{outC}, DataType::f32, Tag::x});
      memory output(pd.dst_desc(), engine);
      p.add(dnnl::convolution_forward(pd),
            {{DNNL_ARG_SRC, current}, {DNNL_ARG_WEIGHTS, packedWeights}, {DNNL_ARG_BIAS, bias},
             {DNNL_ARG_DST, output}},
            layer, pd.scratchpad_desc());
      p.layers.push_back({spec.name, output, {batch, outC, outH, outW}});
      current = output;
      channels = outC;
      h = outH;
      w = outW;
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
          weights.fcWeight, {weightDims, DataType::f32, Tag::oihw}, pd.weights_desc());
      const memory bias = p.packedCopy(weights.fcBias, {{classes}, DataType::f32, Tag::x},
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
  dnnl::reorder(source, plain).execute(p.stream, source, plain);
  p.stream.wait();
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
