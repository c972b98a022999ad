// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/cost_csv.h"

#include <cstdio>
#include <map>

namespace mnl {
namespace {

std::string shape(const Shape& s) {
  return std::to_string(s.height) + "x" + std::to_string(s.width) + "x" +
         std::to_string(s.channels);
}

}  // namespace

std::string costTableCsv(const NetworkCost& cost, const std::vector<LayerTiming>& timings) {
  std::map<std::string, double> ms;
  for (const LayerTiming& t : timings) ms[t.name] += t.milliseconds;
  char number[64];
  std::snprintf(number, sizeof number, "%g", cost.config.alpha);
  std::string out = "# alpha=" + std::string(number) +
                    " resolution=" + std::to_string(cost.config.resolution) +
                    " conv=" + std::string(toString(cost.config.conv)) +
                    " classes=" + std::to_string(cost.config.classes) + "\n";
  out += "layer,type,kernel,stride,input,output,mult_adds,weights,params,activation_bytes,"
         "measured_ms\n";
  for (const LayerCost& layer : cost.layers) {
    std::string measured;
    if (const auto found = ms.find(layer.layer.name); found != ms.end()) {
      std::snprintf(number, sizeof number, "%.4f", found->second);
      measured = number;
    }
    out += layer.layer.name + "," + std::string(toString(layer.layer.type)) + "," +
           std::to_string(layer.layer.kernel) + "," + std::to_string(layer.layer.stride) + "," +
           shape(layer.layer.input) + "," + shape(layer.layer.output) + "," +
           std::to_string(layer.multAdds) + "," + std::to_string(layer.weights) + "," +
           std::to_string(layer.params) + "," + std::to_string(layer.activationBytes) + "," +
           measured + "\n";
  }
  out += "total,,,,,," + std::to_string(cost.multAdds) + "," + std::to_string(cost.weights) +
         "," + std::to_string(cost.params) + "," + std::to_string(cost.activationBytes) + ",\n";
  return out;
}

}  // namespace mnl
