// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench_command.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>

#include "command.h"
#include "precision_options.h"
#include "mnl/timed_run.h"
#include "mnl/torch_device.h"
#include "mnl/cost_model.h"
#include "mnl/inference_network.h"
#include "mnl/openmp_wait.h"
#include "mnl/preprocess.h"
#include "mnl/sample_stats.h"

namespace mnl::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct FrameSize {
  int width = 0, height = 0;
};

// "1280x720" → {1280, 720}; throws std::invalid_argument otherwise.
FrameSize parseFrameSize(const std::string& text) {
  FrameSize size;
  char x = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &size.width, &x, &size.height, &extra) != 3 ||
      (x != 'x' && x != 'X') || size.width < 1 || size.height < 1 || size.width > 8192 ||
      size.height > 8192)
    throw std::invalid_argument("--preprocess takes WxH, each from 1 to 8192 (e.g. 1280x720), not '" +
                                text + "'");
  return size;
}

struct PreprocessTiming {
  std::string method;  // "cpu", "fused" or "aten"
  double medianMs = 0;
  double levelsFromCpu = 0;  // largest difference from the CPU's result, in levels (0…255)
};

// Median time to turn a WxH camera frame (random bytes) into the network's input, centre crop,
// with each method the device has; the copy up to a GPU included.
std::vector<PreprocessTiming> timePreprocessing(FrameSize size, int side,
                                                const torch::Device& device, int iterations) {
  const torch::Tensor bytes =
      torch::randint(0, 256, {static_cast<int64_t>(size.width) * size.height * 3}, torch::kUInt8);
  const BgrImageView view{bytes.data_ptr<std::uint8_t>(), size.width, size.height,
                          3 * static_cast<std::ptrdiff_t>(size.width)};
  Preprocessing preprocessing;
  preprocessing.inputSize = side;

  std::vector<std::pair<std::string, GpuPreprocessing>> methods;
  if (device.is_cpu())
    methods = {{"cpu", GpuPreprocessing::Aten}};
  else if (fusedPreprocessingAvailable())
    methods = {{"fused", GpuPreprocessing::Fused}, {"aten", GpuPreprocessing::Aten}};
  else
    methods = {{"aten", GpuPreprocessing::Aten}};
  const torch::Tensor onCpu = preprocess(view, preprocessing);
  std::vector<PreprocessTiming> timings;
  for (const auto& [name, method] : methods) {
    std::vector<double> samples;
    torch::Tensor input;
    const auto once = [&] { input = preprocess(view, preprocessing, device, method); };
    for (int i = 0; i < 5; ++i) timedMs(device, once);  // warm-up: allocations, first launches
    for (int i = 0; i < iterations; ++i) samples.push_back(timedMs(device, once));
    const double levels =
        (input.to(torch::kCPU) - onCpu).abs().max().item<double>() * preprocessing.scaling.divisor[0];
    // A kernel that would not start was replaced by ATen's operators: say so, not "fused".
    const bool fellBack = method == GpuPreprocessing::Fused && !fusedPreprocessingAvailable();
    timings.push_back({fellBack ? "fused_failed" : name, summarize(samples).median, levels});
  }
  return timings;
}

struct BenchOptions {
  double alpha = 1.0;
  int resolution = 224;
  std::string conv = "separable";
  std::string device = "cpu";
  PrecisionOptions precision;
  std::string channelsLast = "auto";
  bool cudaGraphs = true;
  bool direct = true;
  std::string preprocessFrame;  // "WxH": also time preprocessing a frame of that size
  int batch = 1;
  int threads = 0;
  // Empty: as the program started (OpenMP's default unless the environment chose).
  std::string openMpWait;
  int iterations = 100;
  int warmup = 5;
  bool perLayer = true;
  bool json = false;
};

void run(const BenchOptions& o) {
  const NetworkConfig network{o.alpha, o.resolution, 1000,
                              parsedOption([&o] { return parseConvMode(o.conv); })};
  checkNetwork(network);
  if (o.batch < 1 || o.batch > kMaxBatch)
    throw UsageError("--batch must be from 1 to " + std::to_string(kMaxBatch) + ", not " +
                     std::to_string(o.batch));
  if (o.iterations < 1)
    throw UsageError("--iters must be at least 1, not " + std::to_string(o.iterations));
  if (o.warmup < 0)
    throw UsageError("--warmup must be at least 0, not " + std::to_string(o.warmup));
  // LibTorch takes any count and starts that many threads: 100000 would swamp the machine.
  if (o.threads < 0 || o.threads > kMaxThreads)
    throw UsageError("--threads must be from 0 (LibTorch's default) to " +
                     std::to_string(kMaxThreads) + ", not " + std::to_string(o.threads));
  if (!o.openMpWait.empty()) {
    const std::optional<OpenMpWait> wait = parseOpenMpWait(o.openMpWait);
    if (!wait)
      throw UsageError("--openmp-wait must be passive or active, not '" + o.openMpWait + "'");
    restartWithOpenMpWait(*wait);  // returns when the program already waits so
  }
  const DeviceChoice choice = parsedOption([&] { return chooseDevice(parseDeviceKind(o.device)); });
  if (!choice.notice.empty()) std::cerr << "mobilenet-lab-cli: " << choice.notice << "\n";
  const torch::Device device = choice.device;
  useCpuThreads(o.threads);
  torch::manual_seed(1);
  const MobileNetV1 model(ModelOptions{network, PaddingMode::TensorFlowSame});
  // Int8's scales matter for accuracy, not for speed: random weights, ReLU6's range unless a
  // calibration file is given.
  RuntimeOptions runtime = runtimeFor(o.precision, model, network, device);
  runtime.cudaGraphs = o.cudaGraphs;
  runtime.directOneDnn = o.direct;
  if (o.channelsLast == "on" || o.channelsLast == "off")
    runtime.channelsLast = o.channelsLast == "on";
  else if (o.channelsLast != "auto")
    throw UsageError("--channels-last must be auto, on or off, not '" + o.channelsLast + "'");
  const std::optional<FrameSize> frameSize =
      o.preprocessFrame.empty() ? std::nullopt
                                : std::optional(parsedOption([&] { return parseFrameSize(o.preprocessFrame); }));

  torch::InferenceMode inference;
  const auto buildStart = Clock::now();
  InferenceNetwork net(model, device, runtime);
  synchronize(device);
  const double buildMs = std::chrono::duration<double, std::milli>(Clock::now() - buildStart).count();
  const torch::Tensor input =
      torch::rand({o.batch, 3, o.resolution, o.resolution}).mul(2).sub(1).to(device);

  const auto timeOnce = [&] { return timedMs(device, [&] { net.forward(input); }); };
  std::vector<double> warm;
  for (int i = 0; i < o.warmup; ++i) warm.push_back(timeOnce());
  std::vector<double> timed;
  for (int i = 0; i < o.iterations; ++i) timed.push_back(timeOnce());
  const SampleStats s = summarize(timed);
  const double throughput = 1000.0 * o.batch / s.median;

  std::vector<PreprocessTiming> preprocessTimings;
  if (frameSize) preprocessTimings = timePreprocessing(*frameSize, o.resolution, device, o.iterations);

  std::vector<std::pair<std::string, double>> layers;
  if (o.perLayer) layers = net.profileLayers(input, std::max(3, o.iterations / 10));

  // Which oneDNN kernels ran, by name, as ONEDNN_VERBOSE would print them: the ISA a time
  // holds for (a VNNI int8 kernel or not, AVX-512 or AVX2).
  const std::vector<std::pair<std::string, std::string>> kernels = net.layerKernels(input);
  const auto kernelOf = [&kernels](const std::string& layer) {
    for (const auto& [name, kernel] : kernels)
      if (name == layer) return kernel;
    return std::string();
  };

  const NetworkCost cost = computeCost(network);
  if (o.json) {
    nlohmann::json layerJson = nlohmann::json::array();
    for (const auto& [name, ms] : layers) {
      const LayerCost* c = cost.find(name);
      layerJson.push_back({{"name", name}, {"ms", ms}, {"mult_adds", c ? c->multAdds : 0},
                           {"kernel", kernelOf(name)}});
    }
    nlohmann::json kernelJson = nlohmann::json::object();
    for (const auto& [name, kernel] : kernels) kernelJson[name] = kernel;
    nlohmann::json out{{"alpha", o.alpha},
                             {"resolution", o.resolution},
                             {"conv", o.conv},
                             {"device", device.is_cuda() ? "cuda" : "cpu"},
                             {"precision", nameOf(net.precision())},
                             {"channels_last", net.channelsLast()},
                             {"direct_onednn", net.runsDirectOneDnn()
                                                   ? InferenceNetwork::directOneDnnVersion()
                                                   : std::string()},
                             {"cuda_graphs", net.replaysCudaGraphs()},
                             {"graph_failure", net.graphFailure()},
                             {"threads", torch::get_num_threads()},
                             {"openmp_wait", describe(openMpWaitAtStart())},
                             {"batch", o.batch},
                             {"iterations", o.iterations},
                             {"build_ms", buildMs},
                             {"warmup_ms", warm},
                             {"median_ms", s.median},
                             {"p90_ms", s.p90},
                             {"mean_ms", s.mean},
                             {"min_ms", s.min},
                             {"images_per_s", throughput},
                             {"mult_adds", cost.multAdds},
                             {"layers", layerJson},
                             {"kernels", kernelJson}};
    if (frameSize) {
      nlohmann::json pre{{"frame", o.preprocessFrame}};
      for (const PreprocessTiming& t : preprocessTimings) {
        pre[t.method + "_median_ms"] = t.medianMs;
        pre[t.method + "_levels_from_cpu"] = t.levelsFromCpu;
      }
      out["preprocess"] = pre;
    }
    std::cout << out.dump(2) << '\n';
    return;
  }
  const std::string path = net.runsDirectOneDnn()
                               ? ", direct on " + InferenceNetwork::directOneDnnVersion()
                           : net.channelsLast() ? ", LibTorch, channels-last"
                                                : ", LibTorch";
  std::printf("MobileNet v1 %g/%d %s, batch %d, %s %s%s%s, %d threads (OpenMP wait: %s)\n",
              o.alpha, o.resolution, o.conv.c_str(), o.batch, device.is_cuda() ? "CUDA" : "CPU",
              nameOf(net.precision()), device.is_cuda() ? (net.channelsLast() ? ", channels-last" : "") : path.c_str(),
              net.replaysCudaGraphs() ? ", CUDA graphs" : "", torch::get_num_threads(),
              describe(openMpWaitAtStart()).c_str());
  if (!net.directFailure().empty())
    std::printf("direct oneDNN path off: %s\n", net.directFailure().c_str());
  if (!net.graphFailure().empty())
    std::printf("CUDA graphs off: %s\n", net.graphFailure().c_str());
  std::printf("build %.1f ms; first runs after it:", buildMs);
  for (double w : warm) std::printf(" %.2f", w);
  std::printf(" ms\n");
  std::printf("%d runs: median %.3f ms, p90 %.3f ms, min %.3f ms; %.1f images/s\n", o.iterations,
              s.median, s.p90, s.min, throughput);
  for (const PreprocessTiming& t : preprocessTimings)
    std::printf("preprocessing a %s frame (%s): median %.3f ms, at most %g levels from the CPU's\n",
                o.preprocessFrame.c_str(), t.method.c_str(), t.medianMs, t.levelsFromCpu);
  if (!layers.empty()) {
    double total = 0;
    for (const auto& l : layers) total += l.second;
    std::printf("\nper layer (separate pass, timer around each layer):\n");
    std::printf("%-7s %9s %7s %12s  %s\n", "layer", "ms", "time", "mult-adds",
                kernels.empty() ? "" : "oneDNN kernel");
    for (const auto& [name, ms] : layers) {
      const LayerCost* c = cost.find(name);
      const double share = c && cost.multAdds ? 100.0 * c->multAdds / cost.multAdds : 0;
      std::printf("%-7s %9.4f %6.1f%% %11.2f%%  %s\n", name.c_str(), ms, 100 * ms / total, share,
                  kernelOf(name).c_str());
    }
  } else if (!kernels.empty()) {
    // Without the per-layer table, each kernel once, with the layers that ran it.
    std::vector<std::pair<std::string, std::string>> byKernel;  // kernel, its layers
    for (const auto& [name, kernel] : kernels) {
      auto found = std::find_if(byKernel.begin(), byKernel.end(),
                                [&kernel](const auto& k) { return k.first == kernel; });
      if (found == byKernel.end()) found = byKernel.insert(byKernel.end(), {kernel, ""});
      found->second += (found->second.empty() ? "" : " ") + name;
    }
    std::printf("oneDNN kernels:\n");
    for (const auto& [kernel, names] : byKernel)
      std::printf("  %s: %s\n", kernel.c_str(), names.c_str());
  }
}

}  // namespace

void addBenchCommand(CLI::App& app) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand("bench", "Latency and throughput of the network");
  cmd->add_option("--alpha,-a", o->alpha, "Width multiplier (> 0, at most 4)")
      ->capture_default_str();
  cmd->add_option("--resolution,-r", o->resolution, "Input side (32 to 2048)")
      ->capture_default_str();
  cmd->add_option("--conv", o->conv, "separable or standard")->capture_default_str();
  cmd->add_option("--device", o->device, "cpu or cuda")->capture_default_str();
  addPrecisionOptions(cmd, o->precision);
  cmd->add_option("--channels-last", o->channelsLast,
                  "auto, on or off: NHWC activations (auto: on for the CPU and CUDA fp16)")
      ->capture_default_str();
  cmd->add_flag("!--no-cuda-graphs", o->cudaGraphs, "On CUDA, launch every kernel each run");
  cmd->add_flag("!--no-direct", o->direct,
                "On the CPU, run each layer through LibTorch instead of straight on oneDNN");
  cmd->add_option("--preprocess", o->preprocessFrame,
                  "WxH: also time preprocessing a frame of that size (on CUDA: the fused kernel "
                  "and ATen's operators)");
  cmd->add_option("--batch,-b", o->batch, "Images per run (1 to 256)")->capture_default_str();
  cmd->add_option("--threads,-t", o->threads, "CPU threads, 0 to 256 (0: LibTorch's default)");
  cmd->add_option("--openmp-wait", o->openMpWait,
                  "passive or active: how the OpenMP threads wait between layers. Passive sleeps "
                  "at once, as the window runs: slower in a tight loop, kinder to other threads "
                  "and programs; active spins until the next layer. Default: OMP_WAIT_POLICY or "
                  "GOMP_SPINCOUNT from the environment, else OpenMP's own (spin a few "
                  "milliseconds, then sleep)");
  cmd->add_option("--iters,-n", o->iterations, "Timed runs")->capture_default_str();
  cmd->add_option("--warmup", o->warmup, "Untimed first runs, reported apart")
      ->capture_default_str();
  cmd->add_flag("!--no-layers", o->perLayer, "Skip the per-layer pass");
  cmd->add_flag("--json", o->json, "One JSON object instead of text");
  cmd->callback([o] { run(*o); });
}

}  // namespace mnl::cli
