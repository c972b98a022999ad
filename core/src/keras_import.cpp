// SPDX-License-Identifier: GPL-3.0-or-later
// Keras MobileNet v1 (.h5, a whole saved model) to a WeightSet, through HDF5's C library: the
// model_config attribute (JSON) gives the layers and each BatchNormalization's epsilon, the
// datasets model_weights/<layer>/<layer>/<name>:0 the values. Built only with HDF5
// (MNL_WITH_HDF5); without it the reader says so.
//
// HDF5 1.10 can crash (SIGSEGV) on a file with damaged metadata, whatever its error handling
// says, so on POSIX systems the file is read in a forked child that sends the weights back
// through a pipe: a crash there becomes a WeightsError here.
#include "mnl/weight_set.h"
#include "mnl/weights_error.h"

#ifdef MNL_WITH_HDF5

#include <hdf5.h>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>

namespace mnl {
namespace {

// Debian's HDF5 is the serial, non-thread-safe build: one file at a time.
std::mutex hdf5Mutex;

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

WeightSet readInProcess(const std::filesystem::path& file) {
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

// The child's answer through the pipe: a status byte ('W' weights, 'E' error message), then
// plain little-endian fields, in the order below.
class Writer {
 public:
  explicit Writer(int fd) : fd_(fd) {}
  template <typename T>
  void value(const T& v) { bytes(&v, sizeof v); }
  void text(const std::string& s) {
    value<std::uint64_t>(s.size());
    bytes(s.data(), s.size());
  }
  void bytes(const void* data, std::size_t size) {
    const char* at = static_cast<const char*>(data);
    while (size > 0) {
      const ssize_t written = ::write(fd_, at, size);
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) _exit(3);
      at += written;
      size -= static_cast<std::size_t>(written);
    }
  }

 private:
  int fd_;
};

class Reader {
 public:
  explicit Reader(std::vector<char> data) : data_(std::move(data)) {}
  template <typename T>
  T value() {
    T v{};
    bytes(&v, sizeof v);
    return v;
  }
  std::string text() {
    const auto size = value<std::uint64_t>();
    if (size > data_.size() - at_) throw std::runtime_error("short message");
    std::string s(data_.data() + at_, size);
    at_ += size;
    return s;
  }
  void bytes(void* out, std::size_t size) {
    if (size > data_.size() - at_) throw std::runtime_error("short message");
    std::memcpy(out, data_.data() + at_, size);
    at_ += size;
  }

 private:
  std::vector<char> data_;
  std::size_t at_ = 0;
};

[[noreturn]] void childRead(const std::filesystem::path& file, int fd) {
  // A crash here is an answer, not an event: no crash reporter inherited from the parent.
  for (int signal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(signal, SIG_DFL);
  Writer out(fd);
  try {
    const WeightSet set = readInProcess(file);
    out.value('W');
    out.value(set.network.alpha);
    out.value(set.network.resolution);
    out.value(set.network.classes);
    out.value(set.scaling.offset[0]);  // the Keras model's scaling is one for all channels
    out.value(set.scaling.divisor[0]);
    out.value<std::uint64_t>(set.tensors.size());
    for (const auto& [name, tensor] : set.tensors) {
      out.text(name);
      out.value<std::uint64_t>(tensor.shape.size());
      for (std::int64_t side : tensor.shape) out.value(side);
      out.value<std::uint64_t>(tensor.values.size());
      out.bytes(tensor.values.data(), tensor.values.size() * sizeof(float));
    }
  } catch (const std::exception& e) {
    out.value('E');
    out.text(e.what());
  }
  _exit(0);
}

WeightSet parentReceive(std::vector<char> message) {
  Reader in(std::move(message));
  if (in.value<char>() == 'E') throw WeightsError(in.text());
  WeightSet set;
  set.format = WeightsFormat::KerasH5;
  set.padding = PaddingMode::TensorFlowSame;
  set.network.alpha = in.value<double>();
  set.network.resolution = in.value<int>();
  set.network.classes = in.value<int>();
  set.network.conv = ConvMode::Separable;
  const double offset = in.value<double>();
  set.scaling = InputScaling{offset, in.value<double>()};
  const auto count = in.value<std::uint64_t>();
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::string name = in.text();
    FloatTensor tensor;
    tensor.shape.resize(in.value<std::uint64_t>());
    for (std::int64_t& side : tensor.shape) side = in.value<std::int64_t>();
    tensor.values.resize(in.value<std::uint64_t>());
    in.bytes(tensor.values.data(), tensor.values.size() * sizeof(float));
    set.tensors[name] = std::move(tensor);
  }
  return set;
}

}  // namespace

WeightSet readKerasH5(const std::filesystem::path& file) {
  const std::lock_guard lock(hdf5Mutex);
  int fds[2];
  if (::pipe(fds) != 0) return readInProcess(file);
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return readInProcess(file);
  }
  if (child == 0) {
    ::close(fds[0]);
    childRead(file, fds[1]);
  }
  ::close(fds[1]);
  std::vector<char> message;
  char buffer[65536];
  bool timedOut = false;
  for (;;) {
    // A damaged file could also send HDF5 round in circles: give up after a minute of silence.
    pollfd ready{fds[0], POLLIN, 0};
    const int polled = ::poll(&ready, 1, 60000);
    if (polled < 0 && errno == EINTR) continue;
    if (polled == 0) {
      timedOut = true;
      ::kill(child, SIGKILL);
      break;
    }
    const ssize_t got = ::read(fds[0], buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    message.insert(message.end(), buffer, buffer + got);
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (timedOut)
    throw WeightsError(quoted(file) + ": corrupted HDF5 file: reading it did not finish");
  if (WIFSIGNALED(status))
    throw WeightsError(quoted(file) + ": corrupted HDF5 file: the HDF5 library failed reading "
                       "it (" + std::string(strsignal(WTERMSIG(status))) + ")");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || message.empty())
    throw WeightsError(quoted(file) + ": corrupted HDF5 file: reading it failed");
  try {
    return parentReceive(std::move(message));
  } catch (const WeightsError&) {
    throw;
  } catch (const std::exception&) {
    throw WeightsError(quoted(file) + ": corrupted HDF5 file: reading it failed");
  }
}

}  // namespace mnl

#else  // no HDF5

namespace mnl {

WeightSet readKerasH5(const std::filesystem::path& file) {
  throw WeightsError(quoted(file) +
                     ": a Keras HDF5 file, but this build of MobileNet Lab has no HDF5 support");
}

}  // namespace mnl

#endif
