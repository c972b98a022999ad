// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/activation_calibration.h"

#include <torch/torch.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "mnl/atomic_file.h"
#include "mnl/inference_network.h"

namespace mnl {

namespace {

using json = nlohmann::json;

std::runtime_error fileError(const std::filesystem::path& file, const std::string& what) {
  return std::runtime_error("'" + file.string() + "': " + what);
}

}  // namespace

void ActivationTally::add(const ForwardResult& pass) {
  maxima_.resize(pass.taps.size(), 0.f);
  sums_.resize(pass.taps.size());
  std::int64_t images = 0;
  for (std::size_t i = 0; i < pass.taps.size(); ++i) {
    const torch::Tensor& tap = pass.taps[i].second;  // [N, C, H, W]
    images = tap.size(0);
    maxima_[i] = std::max(maxima_[i], tap.max().item<float>());
    const torch::Tensor channelSums =
        tap.to(torch::kFloat64).mean({2, 3}).sum(0).contiguous().cpu();
    std::vector<double>& sums = sums_[i];
    sums.resize(static_cast<std::size_t>(channelSums.size(0)), 0.0);
    const double* values = channelSums.data_ptr<double>();
    for (std::size_t c = 0; c < sums.size(); ++c) sums[c] += values[c];
  }
  images_ += images;
}

std::vector<std::vector<float>> ActivationTally::means() const {
  std::vector<std::vector<float>> means;
  for (const std::vector<double>& sums : sums_) {
    std::vector<float>& layer = means.emplace_back();
    for (double sum : sums) layer.push_back(images_ > 0 ? float(sum / double(images_)) : 0.f);
  }
  return means;
}

ActivationCalibration calibrateActivations(const InferenceNetwork& network,
                                           const torch::Tensor& images) {
  if (network.precision() != Precision::Float32)
    throw std::invalid_argument("calibration runs the float32 network");
  if (images.dim() != 4 || images.size(0) < 1)
    throw std::invalid_argument("calibration needs at least one image");
  ActivationCalibration calibration;
  calibration.layers = convolutionNames(network.layers());
  torch::InferenceMode inference;
  // A batch at a time, so that a long clip is never held as activations all at once.
  constexpr std::int64_t kBatch = 8;
  ActivationTally tally;
  for (std::int64_t first = 0; first < images.size(0); first += kBatch) {
    const torch::Tensor batch =
        images.narrow(0, first, std::min(kBatch, images.size(0) - first));
    tally.add(network.forward(batch, calibration.layers));
  }
  calibration.maxima = tally.maxima();
  calibration.means = tally.means();
  calibration.frames = static_cast<int>(images.size(0));
  return calibration;
}

void saveCalibration(const std::filesystem::path& file, const ActivationCalibration& c) {
  const json out{{"format", kCalibrationFormat},
                 {"version", kCalibrationFormatVersion},
                 {"network",
                  {{"alpha", c.network.alpha},
                   {"resolution", c.network.resolution},
                   {"conv", c.network.conv == ConvMode::Separable ? "separable" : "standard"},
                   {"classes", c.network.classes}}},
                 {"weights", c.weights},
                 {"frames", c.frames},
                 {"layers", c.layers},
                 {"maxima", c.maxima},
                 {"means", c.means}};
  writeFileAtomically(file, out.dump(2) + "\n");
}

ActivationCalibration loadCalibration(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw fileError(file, "the calibration file is missing or unreadable");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const json j = json::parse(bytes.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw fileError(file, "not JSON");
  if (j.value("format", std::string()) != kCalibrationFormat)
    throw fileError(file, "not a MobileNet Lab activation calibration");
  if (j.value("version", 0) != kCalibrationFormatVersion)
    throw fileError(file, "format version " + j.value("version", json()).dump() +
                              ", this build reads " + std::to_string(kCalibrationFormatVersion));
  ActivationCalibration c;
  try {
    const json& n = j.at("network");
    c.network.alpha = n.at("alpha").get<double>();
    c.network.resolution = n.at("resolution").get<int>();
    c.network.conv = n.at("conv").get<std::string>() == "standard" ? ConvMode::Standard
                                                                    : ConvMode::Separable;
    c.network.classes = n.at("classes").get<int>();
    c.weights = j.at("weights").get<std::string>();
    c.frames = j.at("frames").get<int>();
    c.layers = j.at("layers").get<std::vector<std::string>>();
    c.maxima = j.at("maxima").get<std::vector<float>>();
    if (j.contains("means")) c.means = j.at("means").get<std::vector<std::vector<float>>>();
  } catch (const json::exception& e) {
    throw fileError(file, std::string("a field is missing or of the wrong kind (") + e.what() + ")");
  }
  if (c.layers.size() != c.maxima.size())
    throw fileError(file, std::to_string(c.layers.size()) + " layers but " +
                              std::to_string(c.maxima.size()) + " maxima");
  for (float m : c.maxima)
    if (!std::isfinite(m) || m < 0) throw fileError(file, "a maximum that is negative or not finite");
  if (!c.means.empty() && c.means.size() != c.layers.size())
    throw fileError(file, std::to_string(c.layers.size()) + " layers but " +
                              std::to_string(c.means.size()) + " lists of means");
  for (std::size_t i = 0; i < c.means.size(); ++i)
    for (float m : c.means[i])
      if (!std::isfinite(m) || m < 0 || m > c.maxima[i])
        throw fileError(file, "a mean that is negative, not finite or above its layer's maximum");
  return c;
}

void checkMeasuredOn(const ActivationCalibration& calibration, const NetworkConfig& network,
                     const std::vector<std::string>& layers) {
  const NetworkConfig& measured = calibration.network;
  if (std::abs(measured.alpha - network.alpha) > 1e-6 || measured.conv != network.conv)
    throw std::invalid_argument("the calibration was measured at alpha " +
                                std::to_string(measured.alpha).substr(0, 4) +
                                (measured.conv == ConvMode::Standard ? " (standard)" : "") +
                                ", not on this network");
  if (layers != calibration.layers)
    throw std::invalid_argument("the calibration was measured on another network (" +
                                std::to_string(calibration.layers.size()) + " convolutions, " +
                                "this one has " + std::to_string(layers.size()) + ")");
}

}  // namespace mnl
