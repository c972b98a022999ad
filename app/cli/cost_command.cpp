// SPDX-License-Identifier: GPL-3.0-or-later
#include "cost_command.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "command.h"
#include "mnl/cost_csv.h"
#include "mnl/cost_model.h"
#include "mnl/paper.h"

namespace mnl::cli {
namespace {

struct CostOptions {
  double alpha = 1.0;
  int resolution = 224;
  std::string conv = "separable";
  int classes = 1000;
  bool json = false;
  bool csv = false;
};

std::string shapeText(const Shape& s) {
  return std::to_string(s.height) + "x" + std::to_string(s.width) + "x" +
         std::to_string(s.channels);
}

nlohmann::json shapeJson(const Shape& s) { return {s.height, s.width, s.channels}; }

void printJson(const NetworkCost& cost) {
  nlohmann::json layers = nlohmann::json::array();
  for (const LayerCost& l : cost.layers) {
    nlohmann::json layer{{"name", l.layer.name},
                         {"type", toString(l.layer.type)},
                         {"input", shapeJson(l.layer.input)},
                         {"output", shapeJson(l.layer.output)},
                         {"mult_adds", l.multAdds},
                         {"params", l.params},
                         {"weights", l.weights},
                         {"activation_bytes", l.activationBytes}};
    if (l.ratioToStandard) layer["ratio_to_standard"] = *l.ratioToStandard;
    layers.push_back(std::move(layer));
  }
  nlohmann::json shares = nlohmann::json::object();
  for (const auto& [type, share] : cost.byType)
    shares[std::string(toString(type))] = {{"mult_adds", share.multAdds},
                                           {"weights", share.weights},
                                           {"mult_adds_share", share.multAddsShare},
                                           {"weights_share", share.weightsShare}};
  const nlohmann::json out{{"alpha", cost.config.alpha},
                           {"resolution", cost.config.resolution},
                           {"conv", toString(cost.config.conv)},
                           {"classes", cost.config.classes},
                           {"mult_adds", cost.multAdds},
                           {"params", cost.params},
                           {"weights", cost.weights},
                           {"activation_bytes", cost.activationBytes},
                           {"peak_activation_bytes", cost.peakActivationBytes},
                           {"by_type", shares},
                           {"layers", layers}};
  std::cout << out.dump(2) << '\n';
}

void printTable(const NetworkCost& cost) {
  const NetworkConfig& c = cost.config;
  std::printf("MobileNet v1, alpha %g, %dx%d input (rho %.3f), %s convolutions, %d classes\n\n",
              c.alpha, c.resolution, c.resolution, c.resolution / 224.0,
              std::string(toString(c.conv)).c_str(), c.classes);
  std::printf("%-7s %-5s %-14s %-14s %14s %7s %11s %8s\n", "layer", "type", "input", "output",
              "mult-adds", "share", "params", "vs std");
  for (const LayerCost& l : cost.layers) {
    const double share = cost.multAdds ? 100.0 * l.multAdds / cost.multAdds : 0.0;
    const std::string ratio =
        l.ratioToStandard ? std::to_string(*l.ratioToStandard).substr(0, 5) : "";
    std::printf("%-7s %-5s %-14s %-14s %14lld %6.2f%% %11lld %8s\n", l.layer.name.c_str(),
                std::string(toString(l.layer.type)).c_str(), shapeText(l.layer.input).c_str(),
                shapeText(l.layer.output).c_str(), l.multAdds, share, l.params, ratio.c_str());
  }
  std::printf("\nTotal mult-adds      %14lld  (%.1f M)\n", cost.multAdds, cost.multAdds / 1e6);
  std::printf("Weights (conv + FC)  %14lld  (%.3f M, the paper's rule)\n", cost.weights,
              cost.weights / 1e6);
  std::printf("Learnable params     %14lld  (%.3f M, + BN gamma/beta and FC bias)\n",
              cost.params, cost.params / 1e6);
  std::printf("Activations          %14lld bytes (float32, all layer outputs; peak layer %lld)\n",
              cost.activationBytes, cost.peakActivationBytes);
  std::printf("\nShare by layer type:  ");
  for (const auto& [type, share] : cost.byType)
    if (share.multAdds || share.weights)
      std::printf("%s %.2f%% of mult-adds, %.2f%% of weights;  ",
                  std::string(toString(type)).c_str(), 100 * share.multAddsShare,
                  100 * share.weightsShare);
  std::printf("\n");

  if (const auto row = paper::findRow(c.alpha, c.resolution, c.conv); row && c.classes == 1000) {
    std::printf("\nPaper (%s): %.0f M mult-adds, %.1f M parameters, %.1f%% ImageNet top-1\n",
                std::string(row->table).c_str(), row->millionMultAdds, row->millionParams,
                row->top1Percent);
    std::printf("Here:          %.1f M mult-adds, %.2f M parameters\n", cost.multAdds / 1e6,
                cost.weights / 1e6);
  }
  for (const paper::GridPoint& point : paper::accuracyGrid())
    if (c.conv == ConvMode::Separable && std::abs(point.alpha - c.alpha) < 1e-9 &&
        point.resolution == c.resolution)
      std::printf("TF-slim checkpoint %g/%d: %.1f%% top-1, %.1f%% top-5 (float weights)\n",
                  point.alpha, point.resolution, point.top1Percent, point.top5Percent);
}

}  // namespace

void addCostCommand(CLI::App& app) {
  auto options = std::make_shared<CostOptions>();
  CLI::App* cmd = app.add_subcommand("cost", "Analytic cost of the network, layer by layer");
  cmd->add_option("--alpha,-a", options->alpha, "Width multiplier (> 0, at most 4)")
      ->capture_default_str();
  cmd->add_option("--resolution,-r", options->resolution, "Input side in pixels (32 to 2048)")
      ->capture_default_str();
  cmd->add_option("--conv", options->conv, "separable or standard")->capture_default_str();
  cmd->add_option("--classes", options->classes, "Classifier outputs")->capture_default_str();
  CLI::Option* json = cmd->add_flag("--json", options->json, "One JSON object instead of a table");
  cmd->add_flag("--csv", options->csv,
                "CSV instead of a table: a row per layer and a total row, the columns of the "
                "window's Export CSV")
      ->excludes(json);
  cmd->callback([options] {
    const NetworkConfig config{options->alpha, options->resolution, options->classes,
                               parsedOption([&] { return parseConvMode(options->conv); })};
    checkNetwork(config);
    const NetworkCost cost = computeCost(config);
    if (options->json)
      printJson(cost);
    else if (options->csv)
      std::cout << costTableCsv(cost);
    else
      printTable(cost);
  });
}

}  // namespace mnl::cli
