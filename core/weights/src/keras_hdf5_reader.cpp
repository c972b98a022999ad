// SPDX-License-Identifier: GPL-3.0-or-later
// Keras MobileNet v1 (.h5, a whole saved model) to a WeightSet, through HDF5's C library: the
// model_config attribute (JSON) gives the layers and each BatchNormalization's epsilon, the
// datasets model_weights/<layer>/<layer>/<name>:0 the values.
//
// Only the helper program mobilenet-lab-keras-h5-reader (core/weights/tools/) runs this: HDF5 1.10 can
// crash on a file with damaged metadata whatever its error handling says, and the app must not
// go down with it (keras_import.cpp).
#include "keras_hdf5_reader.h"

#include <hdf5.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "mnl/weights_error.h"

namespace mnl {
namespace {

// Closes an HDF5 handle when it goes out of scope.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

class KerasFile {
 public:
  explicit KerasFile(const std::filesystem::path& path)
      : path_(path), file_(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose) {
    if (!file_.valid()) fail("not a readable HDF5 file (truncated or corrupted)");
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw WeightsError(quoted(path_) + ": " + what);
  }

  // The root attribute model_config: the Keras model as JSON.
  nlohmann::json modelConfig() const {
    if (H5Aexists(file_.get(), "model_config") <= 0)
      fail("not a Keras model: expected a model_config attribute, found none");
    Handle attribute(H5Aopen(file_.get(), "model_config", H5P_DEFAULT), H5Aclose);
    Handle type(attribute.valid() ? H5Aget_type(attribute.get()) : -1, H5Tclose);
    if (!type.valid() || H5Tget_class(type.get()) != H5T_STRING)
      fail("not a Keras model: its model_config attribute is not a string");
    std::string text;
    if (H5Tis_variable_str(type.get()) > 0) {
      Handle memType(H5Tcopy(H5T_C_S1), H5Tclose);
      H5Tset_size(memType.get(), H5T_VARIABLE);
      char* value = nullptr;
      if (H5Aread(attribute.get(), memType.get(), &value) < 0 || !value)
        fail("cannot read the model_config attribute");
      text = value;
      H5free_memory(value);
    } else {
      const std::size_t size = H5Tget_size(type.get());
      if (size == 0 || size > (std::size_t{64} << 20)) fail("invalid model_config attribute");
      std::string buffer(size, '\0');
      if (H5Aread(attribute.get(), type.get(), buffer.data()) < 0)
        fail("cannot read the model_config attribute");
      text = buffer.c_str();
    }
    nlohmann::json config = nlohmann::json::parse(text, nullptr, false);
    if (config.is_discarded()) fail("not a Keras model: model_config is not valid JSON");
    return config;
  }

  // model_weights/<layer>/<layer>/<name>:0 as floats, with its shape.
  FloatTensor dataset(const std::string& layer, const std::string& name) const {
    const std::string where = "model_weights/" + layer + "/" + layer + "/" + name + ":0";
    if (!exists(where)) fail("expected the dataset " + where + ", found none");
    Handle set(H5Dopen2(file_.get(), where.c_str(), H5P_DEFAULT), H5Dclose);
    Handle space(set.valid() ? H5Dget_space(set.get()) : -1, H5Sclose);
    if (!space.valid()) fail("cannot open the dataset " + where);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0 || rank > 8) fail("invalid dataset " + where);
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    FloatTensor tensor;
    std::size_t count = 1;
    for (hsize_t side : dims) {
      if (side == 0 || side > (1u << 24) || count > (std::size_t{1} << 31) / side)
        fail("invalid shape of the dataset " + where);
      tensor.shape.push_back(static_cast<std::int64_t>(side));
      count *= side;
    }
    tensor.values.resize(count);
    if (H5Dread(set.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                tensor.values.data()) < 0)
      fail("cannot read the dataset " + where + " (corrupted file?)");
    return tensor;
  }

 private:
  // Each link of the path must exist before H5Dopen2 is asked (which would log an error).
  bool exists(const std::string& where) const {
    for (std::size_t at = where.find('/'); ; at = where.find('/', at + 1)) {
      const std::string prefix = where.substr(0, at);
      if (H5Lexists(file_.get(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
      if (at == std::string::npos) return true;
    }
  }

  std::filesystem::path path_;
  Handle file_;
};

// Keras layout of a LibTorch shape: OIHW → HWIO, depthwise [C, 1, kh, kw] → [kh, kw, C, 1].
std::vector<std::int64_t> kerasLayout(const std::vector<std::int64_t>& oihw, bool depthwise) {
  if (depthwise) return {oihw[2], oihw[3], oihw[0], 1};
  return {oihw[2], oihw[3], oihw[1], oihw[0]};
}

// HWIO [kh, kw, in, out] → OIHW; a depthwise [kh, kw, C, 1] is the same loop with in = 1.
std::vector<float> hwioToOihw(const std::vector<float>& hwio, std::int64_t O, std::int64_t I,
                              std::int64_t H, std::int64_t W, bool depthwise) {
  std::vector<float> out(hwio.size());
  for (std::int64_t h = 0; h < H; ++h)
    for (std::int64_t w = 0; w < W; ++w)
      for (std::int64_t i = 0; i < I; ++i)
        for (std::int64_t o = 0; o < O; ++o) {
          // Depthwise: the channel is the third Keras axis; there is one output per channel.
          const std::size_t from = depthwise
                                       ? static_cast<std::size_t>((h * W + w) * O + o)
                                       : static_cast<std::size_t>(((h * W + w) * I + i) * O + o);
          out[static_cast<std::size_t>(((o * I + i) * H + h) * W + w)] = hwio[from];
        }
  return out;
}

// The Keras layer names of our layers: conv0 → conv1, dwN → conv_dw_N, pwN → conv_pw_N.
std::string kerasName(const LayerSpec& layer) {
  if (layer.name == "conv0") return "conv1";
  return (layer.type == LayerType::Depthwise ? "conv_dw_" : "conv_pw_") + layer.name.substr(2);
}

}  // namespace

WeightSet readKerasH5InThisProcess(const std::filesystem::path& file) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become messages, not stderr noise
  const KerasFile h5(file);
  const nlohmann::json config = h5.modelConfig();

  // The layers by name, and the input size from the InputLayer.
  std::map<std::string, nlohmann::json> layers;
  int resolution = 224;
  const nlohmann::json* list = nullptr;
  if (config.contains("config") && config["config"].is_object() &&
      config["config"].contains("layers") && config["config"]["layers"].is_array())
    list = &config["config"]["layers"];
  if (!list) h5.fail("not a Keras functional model: model_config has no layer list");
  for (const nlohmann::json& layer : *list) {
    if (!layer.is_object() || !layer.contains("config") || !layer["config"].is_object()) continue;
    const nlohmann::json& layerConfig = layer["config"];
    const std::string name = layerConfig.value("name", std::string());
    layers[name] = layer;
    if (layer.value("class_name", std::string()) == "InputLayer" &&
        layerConfig.contains("batch_input_shape")) {
      const nlohmann::json& shape = layerConfig["batch_input_shape"];
      if (shape.is_array() && shape.size() == 4 && shape[1].is_number_integer())
        resolution = shape[1].get<int>();
    }
  }
  for (const char* name : {"conv1", "conv_dw_1", "conv_pw_13_bn", "conv_preds"})
    if (!layers.count(name))
      h5.fail(std::string("not a Keras MobileNet v1: expected a layer named ") + name +
              ", found none");
  if (resolution < kMinResolution || resolution > 8192)
    h5.fail("invalid input size " + std::to_string(resolution));

  const FloatTensor lastPointwise = h5.dataset("conv_pw_13", "kernel");
  const FloatTensor preds = h5.dataset("conv_preds", "kernel");
  if (lastPointwise.shape.size() != 4 || preds.shape.size() != 4)
    h5.fail("the conv_pw_13 and conv_preds kernels: expected 4-D, found shapes " +
            describeShape(lastPointwise.shape) + " and " + describeShape(preds.shape));

  WeightSet set;
  set.format = WeightsFormat::KerasH5;
  set.network = {alphaFromLastChannels(file, lastPointwise.shape[3]), resolution,
                 static_cast<int>(preds.shape[3]), ConvMode::Separable};
  set.padding = PaddingMode::TensorFlowSame;
  set.scaling = InputScaling{127.5, 127.5};
  const auto expected = expectedTensorShapes(set.network);

  for (const LayerSpec& layer : buildLayers(set.network)) {
    if (layer.type == LayerType::Pool || layer.type == LayerType::FullyConnected) continue;
    const std::string keras = kerasName(layer);
    const std::string prefix = "features." + layer.name + ".";
    const bool depthwise = layer.type == LayerType::Depthwise;
    const std::vector<std::int64_t>& oihw = expected.at(prefix + "conv.weight");

    const std::string kernelName = depthwise ? "depthwise_kernel" : "kernel";
    FloatTensor kernel = h5.dataset(keras, kernelName);
    checkShape(file, keras + "/" + kernelName + " (Keras layout)", kerasLayout(oihw, depthwise),
               kernel.shape);
    set.tensors[prefix + "conv.weight"] = {
        oihw, hwioToOihw(kernel.values, oihw[0], oihw[1], oihw[2], oihw[3], depthwise)};

    // BN: this model's ε is 1e-3; a different ε moves into the variance, which keeps
    // var + ε (all BN uses) the same.
    const std::string bn = keras + "_bn";
    double epsilon = kWeightsBatchNormEpsilon;
    if (layers.count(bn) && layers[bn]["config"].contains("epsilon") &&
        layers[bn]["config"]["epsilon"].is_number())
      epsilon = layers[bn]["config"]["epsilon"].get<double>();
    const std::vector<std::int64_t> channels{oihw[0]};
    const std::pair<const char*, const char*> parts[] = {{"gamma", "bn.weight"},
                                                         {"beta", "bn.bias"},
                                                         {"moving_mean", "bn.running_mean"},
                                                         {"moving_variance", "bn.running_var"}};
    for (const auto& [kerasPart, ours] : parts) {
      FloatTensor values = h5.dataset(bn, kerasPart);
      checkShape(file, bn + "/" + kerasPart, channels, values.shape);
      set.tensors[prefix + ours] = std::move(values);
    }
    if (epsilon != kWeightsBatchNormEpsilon)
      for (float& variance : set.tensors[prefix + "bn.running_var"].values)
        variance = static_cast<float>(variance + epsilon - kWeightsBatchNormEpsilon);
  }

  const std::vector<std::int64_t>& fc = expected.at("classifier.weight");
  checkShape(file, "conv_preds/kernel (Keras layout)", {1, 1, fc[1], fc[0]}, preds.shape);
  // [1, 1, C, classes] → [classes, C].
  std::vector<float> weight(preds.values.size());
  for (std::int64_t k = 0; k < fc[0]; ++k)
    for (std::int64_t c = 0; c < fc[1]; ++c)
      weight[static_cast<std::size_t>(k * fc[1] + c)] =
          preds.values[static_cast<std::size_t>(c * fc[0] + k)];
  set.tensors["classifier.weight"] = {fc, std::move(weight)};
  FloatTensor bias = h5.dataset("conv_preds", "bias");
  checkShape(file, "conv_preds/bias", {fc[0]}, bias.shape);
  set.tensors["classifier.bias"] = std::move(bias);
  return set;
}

}  // namespace mnl
