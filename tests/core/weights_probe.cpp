// SPDX-License-Identifier: GPL-3.0-or-later
#include "weights_probe.h"

#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#ifdef MNL_WITH_HDF5
#include <hdf5.h>

#include <fstream>
#endif

#include "mnl/inference_network.h"
#include "mnl/model_loader.h"
#include "mnl/native_weights.h"
#include "mnl/weights_error.h"
#include "mnl/preprocess.h"

namespace mnl::probe {
namespace {

ModelRequest toRequest(const LoadSpec& spec) {
  ModelRequest request;
  request.network = spec.network;
  if (!spec.weightsFile.empty()) request.weightsFile = spec.weightsFile;
  if (!spec.headFile.empty()) request.headFile = spec.headFile;
  request.resourcesDir = spec.resourcesDir;
  request.allowUntrained = spec.allowUntrained;
  request.padding = spec.padding;
  return request;
}

LoadSummary summarize(const LoadedModel& loaded) {
  LoadSummary summary;
  summary.trained = loaded.trained;
  summary.description = loaded.weightsDescription;
  summary.classes = loaded.model->options().network.classes;
  summary.alpha = loaded.model->options().network.alpha;
  summary.labelCount = static_cast<int>(loaded.labels.size());
  if (loaded.labels.size() > 0) summary.firstLabel = loaded.labels[0];
  if (loaded.labels.size() > 1) summary.secondLabel = loaded.labels[1];
  summary.inputSize = loaded.preprocessing.inputSize;
  summary.offset = loaded.preprocessing.scaling.offset;
  summary.divisor = loaded.preprocessing.scaling.divisor;
  return summary;
}

// The message of the exception `run` throws, marked when it is not a WeightsError.
template <typename Run>
std::string errorOf(Run&& run) {
  try {
    run();
  } catch (const WeightsError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("unexpected exception: ") + e.what();
  }
  return {};
}

torch::Tensor fixedBatch(int side) {
  torch::manual_seed(1234);
  return torch::rand({2, 3, side, side}) * 2 - 1;
}

}  // namespace

LoadSummary load(const LoadSpec& spec) {
  LoadSummary summary;
  summary.error = errorOf([&] { summary = summarize(loadModel(toRequest(spec))); });
  return summary;
}

PhotoResult classifyPhoto(const std::string& resourcesDir, double alpha, int resolution,
                          const std::string& imagePath, bool centerCrop, int referenceIndex) {
  static std::map<std::pair<double, int>, LoadedModel> models;
  PhotoResult result;
  const auto key = std::make_pair(alpha, resolution);
  if (!models.count(key)) {
    LoadSpec spec;
    spec.network = {alpha, resolution, 1001, ConvMode::Separable};
    spec.resourcesDir = resourcesDir;
    spec.allowUntrained = false;
    result.error = errorOf([&] { models.emplace(key, loadModel(toRequest(spec))); });
    if (!result.error.empty()) return result;
  }
  LoadedModel& loaded = models.at(key);
  result.weights = loaded.weightsDescription;

  cv::Mat image = cv::imread(imagePath, cv::IMREAD_COLOR);
  if (image.empty()) {
    result.error = "cannot decode " + imagePath;
    return result;
  }
  // The product's own preprocessing (crop, antialiased bilinear resize, scaling), so the test
  // checks what the app and the CLI compute.
  Preprocessing preprocessing = loaded.preprocessing;
  preprocessing.crop = centerCrop ? CropMode::CenterSquare : CropMode::FullFrame;
  const BgrImageView view{image.data, image.cols, image.rows, static_cast<std::ptrdiff_t>(image.step)};
  const torch::Tensor input = preprocess(view, preprocessing);

  torch::NoGradGuard noGrad;
  const torch::Tensor probabilities = torch::softmax(loaded.model->forward(input), 1)[0];
  // Keras' 1000 classes are the TFLite list without background.
  const int shift = probabilities.size(0) == 1000 ? 1 : 0;
  const int top = static_cast<int>(probabilities.argmax().item<int64_t>());
  result.top1 = top + shift;
  result.top1Label = loaded.labels.at(static_cast<std::size_t>(top));
  result.top1Probability = probabilities[top].item<float>();
  const int reference = referenceIndex - shift;
  if (reference >= 0 && reference < probabilities.size(0))
    result.referenceProbability = probabilities[reference].item<float>();
  return result;
}

PrecisionChange float16Change(const std::string& resourcesDir, double alpha, int resolution,
                              const std::string& imagePath) {
  PrecisionChange change;
  change.error = errorOf([&] {
    LoadSpec spec;
    spec.network = {alpha, resolution, 1001, ConvMode::Separable};
    spec.resourcesDir = resourcesDir;
    spec.allowUntrained = false;
    const LoadedModel loaded = loadModel(toRequest(spec));
    const cv::Mat image = cv::imread(imagePath, cv::IMREAD_COLOR);
    if (image.empty()) throw std::runtime_error("cannot decode " + imagePath);
    const BgrImageView view{image.data, image.cols, image.rows,
                            static_cast<std::ptrdiff_t>(image.step)};
    torch::InferenceMode inference;
    const torch::Tensor input = preprocess(view, loaded.preprocessing);
    RuntimeOptions half;
    half.precision = Precision::Float16;
    const torch::Tensor p32 =
        torch::softmax(InferenceNetwork(loaded.model, torch::kCPU).forward(input), 1)[0];
    const torch::Tensor p16 =
        torch::softmax(InferenceNetwork(loaded.model, torch::kCPU, half).forward(input), 1)[0];
    const auto [best, classes] = p32.topk(2);
    change.top1Float32 = static_cast<int>(classes[0].item<int64_t>());
    change.top2Float32 = static_cast<int>(classes[1].item<int64_t>());
    change.top1Float16 = static_cast<int>(p16.argmax().item<int64_t>());
    change.probabilityFloat32 = best[0].item<float>();
    change.secondFloat32 = best[1].item<float>();
    change.probabilityFloat16 = p16[change.top1Float32].item<float>();
    change.largestChange = (p32 - p16).abs().max().item<float>();
  });
  return change;
}

RoundTrip nativeRoundTrip(const LoadSpec& spec, const std::string& file) {
  RoundTrip trip;
  trip.error = errorOf([&] {
    torch::NoGradGuard noGrad;
    LoadedModel original = loadModel(toRequest(spec));
    saveWeights(original.model, file, original.preprocessing.scaling, original.labels);
    LoadSpec again = spec;
    again.weightsFile = file;
    again.headFile.clear();
    LoadedModel reloaded = loadModel(toRequest(again));
    trip.reloaded = summarize(reloaded);
    trip.sameNetwork = reloaded.model->options().network == original.model->options().network;
    const torch::Tensor input = fixedBatch(spec.network.resolution);
    trip.maxDifference =
        (original.model->forward(input) - reloaded.model->forward(input)).abs().max().item<double>();
  });
  return trip;
}

RoundTrip customRoundTrip(const NetworkConfig& network, PaddingMode padding,
                          const std::string& file) {
  RoundTrip trip;
  trip.error = errorOf([&] {
    torch::NoGradGuard noGrad;
    torch::manual_seed(99);
    MobileNetV1 model(ModelOptions{network, padding});
    for (auto& buffer : model->named_buffers(true)) {
      if (buffer.key().ends_with("running_mean")) buffer.value().normal_(0, 0.1);
      if (buffer.key().ends_with("running_var")) buffer.value().uniform_(0.5, 2.0);
    }
    model->eval();
    std::vector<std::string> labels;
    for (int i = 0; i < network.classes; ++i) labels.push_back(std::to_string(i).insert(0, "l"));
    saveWeights(model, file, InputScaling{100, 50}, labels);

    ModelRequest request;
    request.network = network;
    request.weightsFile = file;
    request.padding = padding;
    request.allowUntrained = false;
    LoadedModel reloaded = loadModel(request);
    trip.reloaded = summarize(reloaded);
    trip.sameNetwork = reloaded.model->options().network == network;
    const torch::Tensor input = fixedBatch(network.resolution);
    trip.maxDifference =
        (model->forward(input) - reloaded.model->forward(input)).abs().max().item<double>();
  });
  return trip;
}

std::string saveRandom(const NetworkConfig& network, const std::string& file, bool labels) {
  return errorOf([&] {
    torch::manual_seed(7);
    MobileNetV1 model(ModelOptions{network, PaddingMode::TensorFlowSame});
    std::vector<std::string> names;
    // Not "l" + std::to_string(i): gcc 12 warns on it (falsely, -Wrestrict; GCC bug 105329).
    for (int i = 0; labels && i < network.classes; ++i)
      names.push_back(std::string("l").append(std::to_string(i)));
    saveWeights(model, file, InputScaling{127.5, 127.5}, names);
  });
}

std::vector<float> runningVariance(const LoadSpec& spec, const std::string& layer) {
  LoadedModel loaded = loadModel(toRequest(spec));
  for (auto& buffer : loaded.model->named_buffers(true))
    if (buffer.key() == "features." + layer + ".bn.running_var") {
      const torch::Tensor values = buffer.value().to(torch::kCPU).contiguous();
      return std::vector<float>(values.data_ptr<float>(), values.data_ptr<float>() + values.numel());
    }
  return {};
}

std::string writeKerasWithEpsilon(const std::string& source, const std::string& copy,
                                  double epsilon) {
#ifdef MNL_WITH_HDF5
  std::filesystem::copy_file(source, copy, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::permissions(copy, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  hid_t file = H5Fopen(copy.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (file < 0) return "cannot open " + copy;
  hid_t attribute = H5Aopen(file, "model_config", H5P_DEFAULT);
  hid_t type = H5Aget_type(attribute);
  std::string text;
  if (H5Tis_variable_str(type) > 0) {
    hid_t memType = H5Tcopy(H5T_C_S1);
    H5Tset_size(memType, H5T_VARIABLE);
    char* value = nullptr;
    H5Aread(attribute, memType, &value);
    text = value;
    H5free_memory(value);
    H5Tclose(memType);
  } else {
    std::string buffer(H5Tget_size(type), '\0');
    H5Aread(attribute, type, buffer.data());
    text = buffer.c_str();
  }
  H5Tclose(type);
  H5Aclose(attribute);
  const std::string from = "\"epsilon\": 0.001", to = "\"epsilon\": " + std::to_string(epsilon);
  int replaced = 0;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    ++replaced;
  }
  H5Adelete(file, "model_config");
  hid_t newType = H5Tcopy(H5T_C_S1);
  H5Tset_size(newType, text.size());
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t created = H5Acreate2(file, "model_config", newType, space, H5P_DEFAULT, H5P_DEFAULT);
  const herr_t written = H5Awrite(created, newType, text.data());
  H5Aclose(created);
  H5Sclose(space);
  H5Tclose(newType);
  H5Fclose(file);
  if (written < 0) return "cannot write the new model_config";
  return replaced == 27 ? std::string() : "replaced " + std::to_string(replaced) + " epsilons";
#else
  (void)source;
  (void)copy;
  (void)epsilon;
  return "built without HDF5";
#endif
}

}  // namespace mnl::probe
