// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/engine.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <stdexcept>

#include "mnl/activation_calibration.h"
#include "mnl/class_activation.h"
#include "mnl/cuda_backend.h"
#include "mnl/device_readback.h"
#include "mnl/torch_device.h"
#include "mnl/inference_network.h"
#include "mnl/cpu_load.h"
#include "mnl/heap_policy.h"
#include "mnl/model_loader.h"
#include "mnl/precision_tally.h"
#include "mnl/preprocess.h"
#include "mnl/saliency_pacer.h"

namespace mnl {
namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Whether two settings need the same network: a user's file fixes α and conv mode itself.
bool sameModel(const EngineSettings& a, const EngineSettings& b) {
  if (a.user != b.user || a.network.resolution != b.network.resolution ||
      a.precision != b.precision)
    return false;
  return a.user.given() ||
         (a.network.alpha == b.network.alpha && a.network.conv == b.network.conv);
}

}  // namespace

struct Engine::Impl {
  // A network built once: what rebuild() makes. The last few are kept, so going back to a
  // recent α/ρ (a person comparing two settings) costs no load, fold or weight packing.
  struct Built {
    EngineSettings requested;  // what it was built for (see sameModel)
    ModelInfo info;
    LoadedModel loaded;
    InferenceNetwork inference;  // `loaded`'s model with batch norm folded
    std::optional<InferenceNetwork> reference;  // float32, beside a reduced format
  };
  static constexpr std::size_t kRecentNetworks = 3;   // besides the current one
  static constexpr std::int64_t kMaxCachedWeights = 8'000'000;  // a standard-conv net is not kept

  EngineOptions options;
  torch::Device device{torch::kCPU};
  RuntimeOptions runtime;
  std::string deviceNotice;
  EngineSettings settings;
  ModelInfo info;
  std::optional<LoadedModel> loaded;
  std::optional<InferenceNetwork> inference;  // `loaded`'s model with batch norm folded
  std::optional<InferenceNetwork> reference;  // float32, while `inference` runs bf16 or int8
  EngineSettings requested;                   // what `loaded` was built for
  std::deque<Built> recent;                   // most recent first
  bool rebuiltSinceLastRun = false;
  torch::Tensor lastInput;
  // Saliency: Grad-CAM is paced, and frames between two maps carry the last one.
  SaliencyPacer pacer;
  SaliencyRequest pacedRequest;
  std::optional<SaliencyMap> lastMap;
  std::optional<CpuLoad> load;  // EngineOptions::adaptThreads, on the CPU
  int mostThreads = 1;
  // The reduced format's checks against float32 (PrecisionCheck).
  static constexpr int kCheckEvery = 8;
  int framesSinceCheck = 0;
  long long checksRun = 0;
  PrecisionTally checks;
  std::vector<std::pair<std::string, double>> layerErrors;
  // Calibration from the source itself: the fp32 passes of the first checks (which run anyway)
  // give each convolution's largest output and its channels' means; then int8 or bf16 is built
  // again with them: int8's finer scales where a layer stays below ReLU6's 6 (a person's own
  // model, a dim scene), and in both biases that make up for the weights' rounding (a
  // float-trained model's, in bf16). Once per network.
  static constexpr int kCalibrationChecks = 8;
  ActivationTally observed;
  int calibrationChecks = 0;
  int calibratedOn = 0;
  int finerLayers = 0;

  void calibrateReduced() {
    calibratedOn = calibrationChecks;
    // A step of the 0…6 scale: a layer whose largest output is within one of 6 gains nothing.
    constexpr float kFiner = 6.f * (1 - 1 / 255.f);
    const std::vector<float>& maxima = observed.maxima();
    finerLayers = info.precision != Precision::Int8
                      ? 0
                      : static_cast<int>(std::count_if(maxima.begin(), maxima.end(), [](float m) {
                          return m > 0 && m < kFiner;
                        }));
    RuntimeOptions calibrated = runtime;
    calibrated.precision = info.precision;
    calibrated.activationMax = maxima;
    calibrated.activationMean = observed.means();
    inference.emplace(loaded->model, device, calibrated);
    checks.clear();  // from here on the checks count the calibrated network
    layerErrors.clear();
  }

  // Runs this frame's input in float32 too and keeps how far the reduced format is from it.
  void checkPrecision(const torch::Tensor& input) {
    const std::vector<std::string> convolutions = convolutionNames(inference->layers());
    const ForwardResult reduced = inference->forward(input, convolutions);
    const ForwardResult exact = reference->forward(input, convolutions);
    const torch::Tensor reducedProbabilities =
        torch::softmax(reduced.logits, 1).to(torch::kCPU, torch::kFloat).contiguous();
    const torch::Tensor exactProbabilities =
        torch::softmax(exact.logits, 1).to(torch::kCPU, torch::kFloat).contiguous();
    const auto classes = static_cast<std::size_t>(exactProbabilities.size(1));
    for (std::int64_t image = 0; image < exactProbabilities.size(0); ++image)
      checks.add({reducedProbabilities[image].data_ptr<float>(), classes},
                 {exactProbabilities[image].data_ptr<float>(), classes});
    ++checksRun;
    layerErrors.clear();
    for (std::size_t i = 0; i < convolutions.size(); ++i) {
      const torch::Tensor& want = exact.taps[i].second;
      layerErrors.emplace_back(convolutions[i],
                               (reduced.taps[i].second - want).norm().item<double>() /
                                   std::max(want.norm().item<double>(), 1e-12));
    }
    if (isCpuReduced(info.precision) && calibratedOn == 0) {
      observed.add(exact);
      if (++calibrationChecks >= kCalibrationChecks) {
        calibrateReduced();
        checkPrecision(input);  // the calibrated network's first check, on this frame
      }
    }
  }

  PrecisionCheck precisionCheck() const {
    PrecisionCheck check;
    check.precision = info.precision;
    check.every = kCheckEvery;
    check.sequence = checksRun;
    checks.fill(check);
    check.layerErrors = layerErrors;
    check.calibratedOn = calibratedOn;
    check.finerLayers = finerLayers;
    return check;
  }

  // The layer the settings' saliency request means for the network built now, or "" (off,
  // or a request this network cannot answer: `problem` says why).
  std::string saliencyLayer(bool rebuilt, std::string& problem) {
    const SaliencyRequest& request = settings.saliency;
    if (rebuilt || !(request == pacedRequest)) {
      pacer.restart();
      pacedRequest = request;
      lastMap.reset();
    }
    if (request.method == SaliencyMethod::Off) return {};
    try {
      return checkSaliencyRequest(request, info.network);
    } catch (const std::invalid_argument& e) {
      problem = e.what();
      return {};
    }
  }

  // The map for this frame: computed now when it is due, else the last one at this frame's crop.
  void addSaliency(InferenceResult& result, const Frame& frame, const std::string& layer,
                   const torch::Tensor& layerOutput) {
    const SaliencyRequest& request = settings.saliency;
    pacer.recordForward(result.forwardMs);
    if (layerOutput.defined()) {
      const int k = request.classIndex >= 0 ? request.classIndex
                                             : (result.top.empty() ? 0 : result.top.front().index);
      SaliencyMap map = saliencyMap(request.method, loaded->model, layer, layerOutput, k);
      map.label = classLabel(loaded->labels, k);
      map.inputSize = info.preprocessing.inputSize;
      map.frameSequence = frame.sequence;
      if (request.method == SaliencyMethod::GradCam) pacer.recordMap(map.milliseconds);
      lastMap = std::move(map);
    }
    if (!lastMap) return;
    lastMap->crop = cropRect(frame.width, frame.height, info.preprocessing.crop);
    result.saliency = lastMap;
    result.saliencyInterval = request.method == SaliencyMethod::GradCam ? pacer.interval() : 1;
  }

  Built build(const EngineSettings& wanted) {
    ModelRequest request;
    request.network = wanted.network;
    request.allowUntrained = !wanted.user.given();
    request.device = device;
    request.resourcesDir = options.resourcesDir;
    if (wanted.user.given()) {
      request.weightsFile = wanted.user.file;
      request.networkFromFile = true;
    }
    if (!wanted.user.labelsFile.empty()) request.labelsFile = wanted.user.labelsFile;
    request.normalization = wanted.user.normalization;
    LoadedModel model = loadModel(request);
    ModelInfo built;
    built.network = wanted.user.given() ? model.network : wanted.network;
    built.network.classes = static_cast<int>(model.labels.size());
    built.trained = model.trained;
    built.weights = model.weightsDescription;
    built.preprocessing = model.preprocessing;
    built.weightsFormat = model.format ? toString(*model.format) : "";
    built.userWeights = wanted.user.given();
    RuntimeOptions chosen = runtime;
    std::optional<InferenceNetwork> reference;
    if (isCpuReduced(wanted.precision)) {
      const std::string problem = InferenceNetwork::reducedPrecisionProblem(wanted.precision, device);
      if (problem.empty()) {
        // Int8's scales cover ReLU6's range in every layer until the source has calibrated
        // them (calibrateReduced): what calibration finds for the bundled models anyway, every
        // layer of which reaches 6 (docs/benchmarks.md).
        chosen.precision = wanted.precision;
        reference.emplace(model.model, device, runtime);
      } else {
        built.precisionProblem = problem + ": FP32 runs instead";
      }
    }
    built.precision = chosen.precision;
    InferenceNetwork network(model.model, device, chosen);
    return Built{wanted, std::move(built), std::move(model), std::move(network),
                 std::move(reference)};
  }

  // The new network is built (or found) before the current one is let go, so a file that
  // cannot be used leaves the engine as it was.
  void rebuild(const EngineSettings& wanted) {
    const auto cached = std::find_if(recent.begin(), recent.end(), [&](const Built& b) {
      return sameModel(b.requested, wanted);
    });
    std::optional<Built> next;
    const bool fresh = cached == recent.end();
    if (!fresh) {
      next.emplace(std::move(*cached));
      recent.erase(cached);
    } else {
      next.emplace(build(wanted));
    }
    if (loaded && inference) {
      std::int64_t weights = 0;
      for (const auto& p : loaded->model->parameters()) weights += p.numel();
      if (weights <= kMaxCachedWeights) {
        recent.push_front(Built{requested, info, std::move(*loaded), std::move(*inference),
                                std::move(reference)});
        if (recent.size() > kRecentNetworks) recent.pop_back();
      }
      loaded.reset();
      inference.reset();
      reference.reset();
    }
    info = next->info;
    loaded.emplace(std::move(next->loaded));
    inference.emplace(std::move(next->inference));
    reference = std::move(next->reference);
    checks.clear();
    layerErrors.clear();
    framesSinceCheck = 0;
    checksRun = 0;
    observed = {};
    calibrationChecks = calibratedOn = finerLayers = 0;
    next.reset();
    if (fresh) returnFreedHeap();  // the networks let go leave holes a new one rarely fits
    requested = wanted;
    lastInput = torch::Tensor();
    rebuiltSinceLastRun = true;
  }
};

Engine::Engine(const EngineOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  useCpuThreads(options.threads);
  impl_->mostThreads = torch::get_num_threads();
  const DeviceChoice choice = chooseDevice(options.device);
  impl_->device = choice.device;
  if (options.adaptThreads && choice.device.is_cpu()) impl_->load.emplace();
  impl_->deviceNotice = choice.notice;
  if (options.precision == Precision::Float16) {
    if (choice.device.is_cuda())
      impl_->runtime.precision = Precision::Float16;
    else
      impl_->deviceNotice += std::string(impl_->deviceNotice.empty() ? "" : "; ") +
                             "FP16 is a CUDA option: the CPU runs FP32";
  }
  // bf16 and int8 are EngineSettings::precision, chosen while the window runs.
}

Engine::~Engine() = default;

void Engine::configure(const EngineSettings& settings) {
  validate(settings.network);
  if (!impl_->loaded || !sameModel(settings, impl_->requested)) impl_->rebuild(settings);
  impl_->settings = settings;
  impl_->info.preprocessing.crop = settings.crop;
}

const EngineSettings& Engine::settings() const { return impl_->settings; }
const ModelInfo& Engine::model() const { return impl_->info; }

DeviceInfo Engine::device() const {
  DeviceInfo info;
  info.threads = impl_->mostThreads;
  info.notice = impl_->deviceNotice;
  info.precision = impl_->runtime.precision;
  if (impl_->device.is_cuda()) {
    info.kind = DeviceKind::Cuda;
    info.name = cudaBackend()->deviceName(impl_->device.index());
  } else {
    info.name = "CPU";
  }
  return info;
}

std::shared_ptr<const InferenceResult> Engine::run(const Frame& frame) {
  if (!impl_->loaded) configure(impl_->settings);
  Impl& d = *impl_;
  torch::InferenceMode inference;
  auto result = std::make_shared<InferenceResult>();
  result->frameSequence = frame.sequence;
  result->captured = frame.captured;
  result->settings = d.settings;
  result->model = d.info;
  result->rebuilt = std::exchange(d.rebuiltSinceLastRun, false);
  if (d.load) {
    const std::optional<double> elsewhere = d.load->coresBusyElsewhere();
    const int threads =
        elsewhere ? threadsForLoad(d.mostThreads, d.load->cores(), *elsewhere) : d.mostThreads;
    useCpuThreads(threads);
  }
  result->threads = torch::get_num_threads();

  auto start = Clock::now();
  d.lastInput = preprocess(frame, d.info.preprocessing, d.device);
  synchronize(d.device);
  result->preprocessMs = millisecondsSince(start);

  start = Clock::now();
  std::vector<std::string> taps;
  if (d.settings.wantFeatureMaps && !d.settings.featureMaps.layer.empty())
    taps.push_back(d.settings.featureMaps.layer);
  const std::string saliencyLayer = d.saliencyLayer(result->rebuilt, result->saliencyProblem);
  // CAM costs a few thousand multiply-adds: every frame. Grad-CAM when the pacer says.
  const bool mapDue = !saliencyLayer.empty() &&
                      (d.settings.saliency.method == SaliencyMethod::Cam || d.pacer.due());
  if (mapDue) taps.push_back(saliencyLayer);
  ForwardResult output = d.inference->forward(d.lastInput, taps);
  synchronize(d.device);
  result->forwardMs = millisecondsSince(start);
  const bool featureTap = taps.size() > (mapDue ? 1u : 0u);

  start = Clock::now();
  Readback readback =
      readBack(output.logits, d.settings.topK, featureTap ? taps.front() : std::string(),
               featureTap ? output.taps.front().second : torch::Tensor(), d.settings.featureMaps);
  result->top = namedPredictions(readback.top, d.loaded->labels);
  result->featureMaps = std::move(readback.featureMaps);
  result->postprocessMs = millisecondsSince(start);
  if (!saliencyLayer.empty())
    d.addSaliency(*result, frame, saliencyLayer,
                  mapDue ? output.taps.back().second : torch::Tensor());
  // A reduced format is checked against float32 on the first frame and every few after, apart
  // from the timed pass (forwardMs stays the format's own).
  if (d.reference) {
    if (result->rebuilt || ++d.framesSinceCheck >= Impl::kCheckEvery) {
      d.framesSinceCheck = 0;
      d.checkPrecision(d.lastInput);
    }
    result->precisionCheck = d.precisionCheck();
  }
  return result;
}

std::string Engine::cpuPrecisionProblem(Precision precision) {
  return InferenceNetwork::reducedPrecisionProblem(precision, torch::kCPU);
}

std::string Engine::cpuEmulationNote(Precision precision) {
  return InferenceNetwork::emulationNote(precision, torch::kCPU);
}

std::vector<LayerTiming> Engine::profileLayers(int repetitions) {
  if (!impl_->loaded) configure(impl_->settings);
  Impl& d = *impl_;
  torch::InferenceMode inference;
  const int side = d.info.network.resolution;
  const torch::Tensor input =
      d.lastInput.defined() ? d.lastInput : torch::zeros({1, 3, side, side}, d.device);

  std::vector<LayerTiming> timings;
  for (const auto& [name, ms] : d.inference->profileLayers(input, repetitions))
    timings.push_back({name, ms});
  return timings;
}

}  // namespace mnl
