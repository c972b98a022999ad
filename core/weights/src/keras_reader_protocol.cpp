// SPDX-License-Identifier: GPL-3.0-or-later
#include "keras_reader_protocol.h"

#include <cstdint>
#include <cstring>
#include <limits>

#include "mnl/weights_error.h"

namespace mnl {
namespace {

constexpr std::string_view kMagic = "MNLKERAS";
constexpr std::uint32_t kVersion = 1;
// Far above any MobileNet v1 (27 tensors per block); refuses a count that is garbage.
constexpr std::uint64_t kMaxTensors = 4096;
constexpr std::uint64_t kMaxRank = 8;

class Writer {
 public:
  template <typename T>
  void value(const T& v) { bytes(&v, sizeof v); }
  void text(const std::string& s) {
    value<std::uint64_t>(s.size());
    bytes(s.data(), s.size());
  }
  void bytes(const void* data, std::size_t size) {
    out_.append(static_cast<const char*>(data), size);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  template <typename T>
  T value() {
    T v{};
    bytes(&v, sizeof v);
    return v;
  }
  std::string text() {
    const auto size = value<std::uint64_t>();
    need(size);
    std::string s(data_.substr(at_, size));
    at_ += size;
    return s;
  }
  void bytes(void* out, std::size_t size) {
    need(size);
    std::memcpy(out, data_.data() + at_, size);
    at_ += size;
  }
  bool atEnd() const { return at_ == data_.size(); }
  std::size_t left() const { return data_.size() - at_; }

 private:
  void need(std::uint64_t size) const {
    if (size > left()) throw MalformedKerasReaderAnswer("the answer ends too early");
  }
  std::string_view data_;
  std::size_t at_ = 0;
};

Writer header(char status) {
  Writer out;
  out.bytes(kMagic.data(), kMagic.size());
  out.value(kVersion);
  out.value(status);
  return out;
}

}  // namespace

std::string encodeKerasReaderWeights(const WeightSet& weights) {
  Writer out = header('W');
  out.value(weights.network.alpha);
  out.value<std::int32_t>(weights.network.resolution);
  out.value<std::int32_t>(weights.network.classes);
  out.value<std::uint8_t>(weights.network.conv == ConvMode::Standard);
  out.value<std::uint8_t>(weights.padding == PaddingMode::TensorFlowSame);
  out.value(weights.scaling.offset[0]);  // the Keras model's scaling is one for all channels
  out.value(weights.scaling.divisor[0]);
  out.value<std::uint64_t>(weights.tensors.size());
  for (const auto& [name, tensor] : weights.tensors) {
    out.text(name);
    out.value<std::uint64_t>(tensor.shape.size());
    for (std::int64_t side : tensor.shape) out.value(side);
    out.value<std::uint64_t>(tensor.values.size());
    out.bytes(tensor.values.data(), tensor.values.size() * sizeof(float));
  }
  return out.take();
}

std::string encodeKerasReaderError(const std::string& message) {
  Writer out = header('E');
  out.text(message);
  return out.take();
}

WeightSet decodeKerasReaderAnswer(std::string_view answer) {
  Reader in(answer);
  std::string magic(kMagic.size(), '\0');
  in.bytes(magic.data(), magic.size());
  if (magic != kMagic || in.value<std::uint32_t>() != kVersion)
    throw MalformedKerasReaderAnswer("not an answer of this version of the Keras reader");
  const char status = in.value<char>();
  if (status == 'E') {
    std::string message = in.text();
    if (!in.atEnd()) throw MalformedKerasReaderAnswer("bytes after the answer");
    throw WeightsError(message);
  }
  if (status != 'W') throw MalformedKerasReaderAnswer("unknown status");

  WeightSet set;
  set.format = WeightsFormat::KerasH5;
  set.network.alpha = in.value<double>();
  set.network.resolution = in.value<std::int32_t>();
  set.network.classes = in.value<std::int32_t>();
  const auto standard = in.value<std::uint8_t>();
  const auto tensorFlowSame = in.value<std::uint8_t>();
  if (standard > 1 || tensorFlowSame > 1) throw MalformedKerasReaderAnswer("unknown mode");
  set.network.conv = standard ? ConvMode::Standard : ConvMode::Separable;
  set.padding = tensorFlowSame ? PaddingMode::TensorFlowSame : PaddingMode::Symmetric;
  const double offset = in.value<double>();
  set.scaling = InputScaling{offset, in.value<double>()};
  const auto count = in.value<std::uint64_t>();
  if (count > kMaxTensors) throw MalformedKerasReaderAnswer("too many tensors");
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string name = in.text();
    FloatTensor tensor;
    const auto rank = in.value<std::uint64_t>();
    if (rank > kMaxRank) throw MalformedKerasReaderAnswer("invalid tensor rank");
    tensor.shape.resize(rank);
    std::uint64_t elements = 1;
    for (std::int64_t& side : tensor.shape) {
      side = in.value<std::int64_t>();
      if (side <= 0 || static_cast<std::uint64_t>(side) > answer.size() ||
          elements > answer.size() / static_cast<std::uint64_t>(side))
        throw MalformedKerasReaderAnswer("invalid tensor shape");
      elements *= static_cast<std::uint64_t>(side);
    }
    // The values must be there already: the check comes before the allocation.
    if (in.value<std::uint64_t>() != elements || elements > in.left() / sizeof(float))
      throw MalformedKerasReaderAnswer("tensor values do not match its shape");
    tensor.values.resize(elements);
    in.bytes(tensor.values.data(), elements * sizeof(float));
    if (!set.tensors.emplace(std::move(name), std::move(tensor)).second)
      throw MalformedKerasReaderAnswer("a tensor named twice");
  }
  if (!in.atEnd()) throw MalformedKerasReaderAnswer("bytes after the answer");
  return set;
}

}  // namespace mnl
