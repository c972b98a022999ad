// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/saliency.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mnl {

std::string_view toString(SaliencyMethod method) {
  switch (method) {
    case SaliencyMethod::Off:
      return "off";
    case SaliencyMethod::Cam:
      return "cam";
    case SaliencyMethod::GradCam:
      return "gradcam";
  }
  return "off";
}

SaliencyMethod parseSaliencyMethod(std::string_view text) {
  for (SaliencyMethod m : {SaliencyMethod::Off, SaliencyMethod::Cam, SaliencyMethod::GradCam})
    if (text == toString(m)) return m;
  throw std::invalid_argument("the saliency method must be 'cam' or 'gradcam', not '" +
                              std::string(text) + "'");
}

std::string lastConvolution(const NetworkConfig& network) {
  return network.conv == ConvMode::Standard ? "conv13" : "pw13";
}

std::string checkSaliencyRequest(const SaliencyRequest& request, const NetworkConfig& network) {
  const std::string last = lastConvolution(network);
  const std::string layer = request.layer.empty() ? last : request.layer;
  const std::vector<LayerSpec> layers = buildLayers(network);
  const auto spec = std::find_if(layers.begin(), layers.end(),
                                 [&](const LayerSpec& l) { return l.name == layer; });
  if (spec == layers.end())
    throw std::invalid_argument("the network has no layer named '" + layer +
                                "': saliency maps are made at conv0 to " + last);
  if (spec->type == LayerType::Pool || spec->type == LayerType::FullyConnected)
    throw std::invalid_argument(
        "'" + layer + "' is not a convolution: saliency maps are made at conv0 to " + last);
  if (request.method == SaliencyMethod::Cam && layer != last)
    throw std::invalid_argument("CAM is exact only at the last convolution (" + last +
                                "): use gradcam for '" + layer + "'");
  if (request.classIndex < -1 || request.classIndex >= network.classes)
    throw std::invalid_argument(
        "class " + std::to_string(request.classIndex) + " is out of range: the model has " +
        std::to_string(network.classes) + " classes, 0 to " + std::to_string(network.classes - 1));
  return layer;
}

void normaliseSaliency(std::vector<float> raw, SaliencyMap& map) {
  float peak = 0;
  for (float& v : raw) {
    if (!(v > 0)) v = 0;  // ReLU; a NaN counts as no evidence
    peak = std::max(peak, v);
  }
  const float floor = raw.empty() ? 0.0f : *std::min_element(raw.begin(), raw.end());
  map.peak = peak;
  // A map above zero everywhere by the same amount says nothing about where: what is shown is
  // what rises above its lowest cell (as pytorch-grad-cam scales its maps).
  map.empty = !(peak > floor);
  for (float& v : raw) v = map.empty ? 0.0f : (v - floor) / (peak - floor);
  map.values = std::move(raw);
}

std::vector<float> upsampleSaliency(const SaliencyMap& map, int width, int height) {
  std::vector<float> out(static_cast<std::size_t>(std::max(0, width)) * std::max(0, height), 0.0f);
  if (map.width <= 0 || map.height <= 0 || map.values.size() < std::size_t(map.width) * map.height)
    return out;
  // Where output index i falls in the map: its centre, in map cells, clamped to the centres
  // of the first and last cell.
  const auto axis = [](int outSize, int inSize) {
    std::vector<std::pair<int, float>> at(static_cast<std::size_t>(std::max(0, outSize)));
    for (int i = 0; i < outSize; ++i) {
      const float u = std::clamp((i + 0.5f) * inSize / outSize - 0.5f, 0.0f, float(inSize - 1));
      const int lo = std::min(static_cast<int>(u), inSize - 1);
      at[std::size_t(i)] = {lo, u - lo};
    }
    return at;
  };
  const auto xs = axis(width, map.width), ys = axis(height, map.height);
  const auto value = [&](int x, int y) {
    return map.values[std::size_t(y) * map.width + std::min(x, map.width - 1)];
  };
  for (int y = 0; y < height; ++y) {
    const auto [y0, fy] = ys[std::size_t(y)];
    const int y1 = std::min(y0 + 1, map.height - 1);
    for (int x = 0; x < width; ++x) {
      const auto [x0, fx] = xs[std::size_t(x)];
      const float top = value(x0, y0) + fx * (value(x0 + 1, y0) - value(x0, y0));
      const float bottom = value(x0, y1) + fx * (value(x0 + 1, y1) - value(x0, y1));
      out[std::size_t(y) * width + x] = top + fy * (bottom - top);
    }
  }
  return out;
}

double leftHalfShare(const SaliencyMap& map) {
  const int side = map.inputSize > 0 ? map.inputSize : 224;
  const std::vector<float> up = upsampleSaliency(map, side, side);
  double left = 0, total = 0;
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) {
      const double v = up[std::size_t(y) * side + x];
      total += v;
      if (x < side / 2) left += v;
    }
  return total > 0 ? left / total : 0.5;
}

std::array<std::uint8_t, 3> saliencyColour(float t) {
  // Turbo (Mikhailov, Google 2019), as its authors' polynomial fit: a rainbow whose lightness
  // rises and falls smoothly, without jet's false bands.
  const double x = std::clamp(static_cast<double>(t), 0.0, 1.0);
  const double x2 = x * x, x3 = x2 * x, x4 = x3 * x, x5 = x4 * x;
  const double r = 0.13572138 + 4.61539260 * x - 42.66032258 * x2 + 132.13108234 * x3 -
                   152.94239396 * x4 + 59.28637943 * x5;
  const double g = 0.09140261 + 2.19418839 * x + 4.84296658 * x2 - 14.18503333 * x3 +
                   4.27729857 * x4 + 2.82956604 * x5;
  const double b = 0.10667330 + 12.64194608 * x - 60.58204836 * x2 + 110.36276771 * x3 -
                   89.90310912 * x4 + 27.34824973 * x5;
  const auto level = [](double v) {
    return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
  };
  return {level(r), level(g), level(b)};
}

float saliencyOpacity(float t) { return 0.15f + 0.5f * std::clamp(t, 0.0f, 1.0f); }

void blendSaliency(const SaliencyMap& map, std::uint8_t* bgr, int width, int height,
                   std::ptrdiff_t stride) {
  const CropRect& c = map.crop;
  if (!bgr || c.width <= 0 || c.height <= 0 || c.x < 0 || c.y < 0 || c.x + c.width > width ||
      c.y + c.height > height)
    return;
  const std::vector<float> up = upsampleSaliency(map, c.width, c.height);
  for (int y = 0; y < c.height; ++y) {
    std::uint8_t* row = bgr + (c.y + y) * stride + 3 * std::ptrdiff_t(c.x);
    for (int x = 0; x < c.width; ++x) {
      const float t = up[std::size_t(y) * c.width + x];
      const auto rgb = saliencyColour(t);
      const float a = saliencyOpacity(t);
      for (int k = 0; k < 3; ++k) {
        std::uint8_t& p = row[3 * x + k];
        p = static_cast<std::uint8_t>(std::lround(p + a * (rgb[2 - k] - p)));
      }
    }
  }
}

}  // namespace mnl
