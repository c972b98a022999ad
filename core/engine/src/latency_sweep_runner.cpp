// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/latency_sweep_runner.h"

#include <ATen/Version.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <deque>
#include <fstream>
#include <stdexcept>

#include "mnl/cuda_backend.h"
#include "mnl/inference_network.h"
#include "mnl/sample_stats.h"
#include "mnl/timed_run.h"
#include "mnl/torch_device.h"
#include "mnl/version.h"

namespace mnl {
namespace {

// "AMD EPYC 9R14 96-Core Processor" from /proc/cpuinfo; "CPU" where there is none.
std::string cpuName() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos && colon + 2 <= line.size()) return line.substr(colon + 2);
    }
  return "CPU";
}

struct Resolved {
  DeviceChoice choice;
  Precision precision;
  std::string notice;
};

// The device and number format the sweep runs in: as the window's engine decides them (CUDA
// without a GPU is the CPU; FP16 is a CUDA option, the CPU runs FP32), so a sweep times what
// the window would run.
Resolved resolve(const SweepRequest& request) {
  Resolved r{chooseDevice(request.device), request.precision, {}};
  r.notice = r.choice.notice;
  if (r.precision == Precision::Float16 && !r.choice.device.is_cuda()) {
    r.precision = Precision::Float32;
    r.notice += std::string(r.notice.empty() ? "" : "; ") + "FP16 is a CUDA option: the CPU runs FP32";
  }
  // bf16 and int8 where the CPU has the instructions, as the window's engine decides.
  if (const std::string problem =
          InferenceNetwork::reducedPrecisionProblem(r.precision, r.choice.device);
      !problem.empty()) {
    r.precision = Precision::Float32;
    r.notice += std::string(r.notice.empty() ? "" : "; ") + problem + ": FP32 runs instead";
  }
  // A format emulated in software would be timed, and weighed by a budget, at a speed the
  // format does not have.
  if (const std::string emulated =
          InferenceNetwork::emulationNote(r.precision, r.choice.device);
      !emulated.empty()) {
    r.precision = Precision::Float32;
    r.notice += std::string(r.notice.empty() ? "" : "; ") + emulated + ": FP32 runs instead";
  }
  return r;
}

// Asks LibTorch for nothing it would change: describing the machine sets no thread count.
MachineInfo machineFor(const SweepRequest& request, const Resolved& r) {
  MachineInfo m;
  m.threads = request.threads > 0 ? request.threads : torch::get_num_threads();
  m.precision = nameOf(r.precision);
  m.batch = request.batch;
  m.iterations = request.iterations;
  m.libtorch = TORCH_VERSION;
  m.version = kVersion;
  if (r.choice.device.is_cuda()) {
    m.device = "cuda";
    const int device = r.choice.device.index();
    m.name = cudaBackend()->deviceName(device);
    m.isa = cudaBackend()->deviceArchitecture(device);
  } else {
    m.device = "cpu";
    m.name = cpuName();
    m.isa = at::get_cpu_capability();
  }
  return m;
}

void check(const SweepRequest& request) {
  if (request.grid.size() == 0)
    throw std::invalid_argument("a sweep needs at least one alpha and one resolution");
  for (std::size_t i = 0; i < request.grid.size(); ++i) validate(request.grid.point(i));
  if (request.batch < 1) throw std::invalid_argument("a sweep's batch must be at least 1");
  if (request.iterations < 1)
    throw std::invalid_argument("a sweep needs at least 1 timed run per point");
  if (request.rounds < 1) throw std::invalid_argument("a sweep needs at least 1 round");
}

}  // namespace

MachineInfo describeMachine(const SweepRequest& request) {
  return machineFor(request, resolve(request));
}

std::string fallbackNotice(const SweepRequest& request) { return resolve(request).notice; }

SweepResult runSweep(const SweepRequest& request, const SweepCallbacks& callbacks,
                     std::string* notice) {
  check(request);
  const Resolved resolved = resolve(request);
  if (notice) *notice = resolved.notice;
  const torch::Device device = resolved.choice.device;
  // For this thread's parallel regions (OpenMP's count is per thread): the window's sweep
  // thread asks for the count its inference thread uses.
  useCpuThreads(request.threads);
  SweepResult result;
  result.machine = machineFor(request, resolved);

  const SweepGrid& grid = request.grid;
  const std::size_t count = grid.size();
  // Fewer rounds than runs would leave a round with nothing to time.
  const int rounds = std::min(request.rounds, request.iterations);
  SweepProgress progress;
  progress.total = static_cast<int>(count) * (1 + rounds);
  const auto stepDone = [&](const NetworkConfig& network) {
    ++progress.done;
    progress.network = network;
    if (callbacks.progress) callbacks.progress(progress);
  };
  const auto stopping = [&] { return callbacks.stopRequested && callbacks.stopRequested(); };

  torch::manual_seed(1);
  torch::InferenceMode inference;
  RuntimeOptions runtime;
  runtime.precision = resolved.precision;
  std::deque<InferenceNetwork> networks;  // built in place: a network is not copied or moved
  std::vector<torch::Tensor> inputs;
  // Built and run twice each before any timing: the first runs after a build pack weights and
  // record CUDA graphs, which is not the latency of a running network.
  for (std::size_t i = 0; i < count && !stopping(); ++i) {
    const NetworkConfig network = grid.point(i);
    networks.emplace_back(MobileNetV1(ModelOptions{network, PaddingMode::TensorFlowSame}), device,
                          runtime);
    inputs.push_back(torch::rand({request.batch, 3, network.resolution, network.resolution})
                         .mul(2)
                         .sub(1)
                         .to(device));
    for (int w = 0; w < 2; ++w) timedMs(device, [&] { networks.back().forward(inputs.back()); });
    stepDone(network);
  }

  progress.building = false;
  std::vector<std::vector<double>> samples(count);
  for (int round = 0; round < rounds && !stopping(); ++round) {
    // This round's share of the runs: the remainder goes to the first rounds.
    const int runs = request.iterations / rounds + (round < request.iterations % rounds ? 1 : 0);
    for (const std::size_t i : interleavedOrder(grid.alphas.size(), grid.resolutions.size(), round)) {
      if (stopping()) break;
      const auto once = [&] { networks[i].forward(inputs[i]); };
      // One untimed run first: the previous point's weights and activations left the caches
      // this network's were in, and a person's running network has its own there.
      timedMs(device, once);
      for (int k = 0; k < runs && !stopping(); ++k) samples[i].push_back(timedMs(device, once));
      stepDone(grid.point(i));
    }
  }

  for (std::size_t i = 0; i < count; ++i) {
    if (samples[i].empty()) {
      result.complete = false;
      continue;
    }
    if (static_cast<int>(samples[i].size()) < request.iterations) result.complete = false;
    SweepRow row = costedRow(grid.point(i));
    const SampleStats stats = summarize(samples[i]);
    row.samples = static_cast<int>(stats.count);
    row.medianMs = stats.median;
    row.p90Ms = stats.p90;
    row.imagesPerS = 1000.0 * request.batch / stats.median;
    result.rows.push_back(row);
  }
  return result;
}

}  // namespace mnl
