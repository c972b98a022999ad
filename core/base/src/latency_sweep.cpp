// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/latency_sweep.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "mnl/cost_model.h"
#include "mnl/paper.h"

namespace mnl {
namespace {

using nlohmann::json;

json rowJson(const SweepRow& row) {
  return {{"alpha", row.network.alpha},
          {"resolution", row.network.resolution},
          {"conv", std::string(toString(row.network.conv))},
          {"mult_adds", row.multAdds},
          {"params", row.params},
          {"activation_bytes", row.activationBytes},
          {"samples", row.samples},
          {"median_ms", row.medianMs},
          {"p90_ms", row.p90Ms},
          {"images_per_s", row.imagesPerS},
          {"top1", row.top1 ? json(*row.top1) : json(nullptr)},
          {"top1_source", row.top1 ? json("paper") : json(nullptr)}};
}

SweepRow rowFrom(const json& j) {
  NetworkConfig network;
  network.alpha = j.at("alpha").get<double>();
  network.resolution = j.at("resolution").get<int>();
  network.conv = parseConvMode(j.value("conv", std::string("separable")));
  if (!(network.alpha > 0 && network.alpha <= 4) || network.resolution < 32 ||
      network.resolution > 2048)
    throw std::invalid_argument("a point's α or resolution is not one a sweep measures");
  SweepRow row = costedRow(network);  // cost and top-1 from this build, not from the file
  row.samples = j.value("samples", 0);
  row.medianMs = j.at("median_ms").get<double>();
  row.p90Ms = j.at("p90_ms").get<double>();
  row.imagesPerS = j.at("images_per_s").get<double>();
  // Read back, not trusted: a time no sweep could have measured is a damaged file.
  if (!(row.medianMs > 0 && row.medianMs < 1e7 && row.p90Ms >= row.medianMs &&
        row.p90Ms < 1e7 && row.imagesPerS >= 0 && std::isfinite(row.imagesPerS)))
    throw std::invalid_argument("a point's times are not ones a sweep measures");
  return row;
}

std::string csvNumber(double value) {
  std::ostringstream out;
  out.precision(10);
  out << value;
  return out.str();
}

}  // namespace

NetworkConfig SweepGrid::point(std::size_t index) const {
  const std::size_t r = resolutions.size();
  return {alphas.at(index / r), resolutions.at(index % r), 1000, conv};
}

SweepGrid paperSweepGrid() {
  return {{paper::pretrainedAlphas().begin(), paper::pretrainedAlphas().end()},
          {paper::paperResolutions().begin(), paper::paperResolutions().end()},
          ConvMode::Separable};
}

std::vector<std::size_t> interleavedOrder(std::size_t alphaCount, std::size_t resolutionCount,
                                          int round) {
  std::vector<std::size_t> order;
  order.reserve(alphaCount * resolutionCount);
  // α round-robin; each α's resolutions in turn, shifted by the α's index.
  for (std::size_t k = 0; k < alphaCount * resolutionCount; ++k) {
    const std::size_t a = k % alphaCount, cycle = k / alphaCount;
    order.push_back(a * resolutionCount + (cycle + a) % resolutionCount);
  }
  if (round % 2 == 1) std::reverse(order.begin(), order.end());
  return order;
}

std::optional<double> publishedTop1(const NetworkConfig& network) {
  if (network.classes != 1000) return std::nullopt;
  if (network.conv == ConvMode::Standard) {
    const auto row = paper::findRow(network.alpha, network.resolution, ConvMode::Standard);
    return row ? std::optional(row->top1Percent) : std::nullopt;
  }
  for (const paper::GridPoint& point : paper::accuracyGrid())
    if (std::abs(point.alpha - network.alpha) < 1e-6 && point.resolution == network.resolution)
      return point.top1Percent;
  return std::nullopt;
}

SweepRow costedRow(const NetworkConfig& network) {
  const NetworkCost cost = computeCost(network);
  SweepRow row;
  row.network = network;
  row.multAdds = cost.multAdds;
  row.params = cost.params;
  row.activationBytes = cost.activationBytes;
  row.top1 = publishedTop1(network);
  return row;
}

LatencyBudget LatencyBudget::fromMs(double ms) {
  if (!(ms > 0)) throw std::invalid_argument("a latency budget must be more than 0 ms");
  return {ms, std::nullopt};
}

LatencyBudget LatencyBudget::fromFps(double fps, int batch) {
  if (!(fps > 0)) throw std::invalid_argument("a frame-rate budget must be more than 0 FPS");
  return {1000.0 * std::max(batch, 1) / fps, fps};
}

std::optional<std::size_t> chooseForBudget(const std::vector<SweepRow>& rows,
                                           const LatencyBudget& budget) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const SweepRow& row = rows[i];
    if (!row.top1 || row.samples < 1 || row.medianMs > budget.ms) continue;
    if (!best || *row.top1 > *rows[*best].top1 ||
        (*row.top1 == *rows[*best].top1 && row.medianMs < rows[*best].medianMs))
      best = i;
  }
  return best;
}

std::optional<LatencyFit> fitLatency(const std::vector<SweepRow>& rows) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const SweepRow& row : rows) {
    if (row.samples < 1) continue;
    const double x = row.multAdds / 1e6, y = row.medianMs;
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const double denominator = n * sxx - sx * sx;
  if (n < 2 || denominator <= 1e-12 * std::max(1.0, sxx * n)) return std::nullopt;
  LatencyFit fit;
  fit.msPerMillionMultAdds = (n * sxy - sx * sy) / denominator;
  fit.interceptMs = (sy - fit.msPerMillionMultAdds * sx) / n;
  return fit;
}

std::string sweepJson(const SweepResult& result, const std::optional<LatencyBudget>& budget,
                      int indent) {
  const MachineInfo& m = result.machine;
  json points = json::array();
  for (const SweepRow& row : result.rows) points.push_back(rowJson(row));
  json budgetJson = nullptr;
  if (budget) {
    const std::optional<std::size_t> choice = chooseForBudget(result.rows, *budget);
    budgetJson = {{"ms", budget->ms},
                  {"fps", budget->fps ? json(*budget->fps) : json(nullptr)},
                  {"choice", choice ? rowJson(result.rows[*choice]) : json(nullptr)}};
  }
  const json out{{"format", kSweepFormat},
                 {"format_version", kSweepFormatVersion},
                 {"machine",
                  {{"device", m.device},
                   {"name", m.name},
                   {"isa", m.isa},
                   {"threads", m.threads},
                   {"precision", m.precision},
                   {"batch", m.batch},
                   {"iterations", m.iterations},
                   {"libtorch", m.libtorch},
                   {"version", m.version}}},
                 {"complete", result.complete},
                 {"points", points},
                 {"budget", budgetJson}};
  return out.dump(indent);
}

std::vector<std::string> sweepCsvColumns() {
  return {"alpha",   "resolution", "conv",   "mult_adds",    "params", "activation_bytes",
          "samples", "median_ms",  "p90_ms", "images_per_s", "top1",   "top1_source"};
}

std::string sweepCsv(const SweepResult& result) {
  std::string out;
  const std::vector<std::string> columns = sweepCsvColumns();
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + columns[i];
  out += '\n';
  for (const SweepRow& row : result.rows) {
    out += csvNumber(row.network.alpha) + ',' + std::to_string(row.network.resolution) + ',' +
           std::string(toString(row.network.conv)) + ',' + std::to_string(row.multAdds) + ',' +
           std::to_string(row.params) + ',' + std::to_string(row.activationBytes) + ',' +
           std::to_string(row.samples) + ',' + csvNumber(row.medianMs) + ',' +
           csvNumber(row.p90Ms) + ',' + csvNumber(row.imagesPerS) + ',' +
           (row.top1 ? csvNumber(*row.top1) + ",paper" : std::string(",")) + '\n';
  }
  return out;
}

SweepResult parseSweepJson(const std::string& text) {
  try {
    const json j = json::parse(text);
    // Files without the marker come from before it was written (version 1 and earlier CLIs);
    // a newer version is another layout that this build cannot read.
    if (j.contains("format") && j.at("format").get<std::string>() != kSweepFormat)
      throw std::invalid_argument("not a latency sweep: its format is \"" +
                                  j.at("format").get<std::string>() + "\"");
    const int version = j.value("format_version", 1);
    if (version != kSweepFormatVersion)
      throw std::invalid_argument("a latency sweep of format version " + std::to_string(version) +
                                  "; this build reads version " +
                                  std::to_string(kSweepFormatVersion));
    SweepResult result;
    const json& m = j.at("machine");
    MachineInfo& machine = result.machine;
    machine.device = m.at("device").get<std::string>();
    machine.name = m.at("name").get<std::string>();
    machine.isa = m.value("isa", std::string());
    machine.threads = m.at("threads").get<int>();
    machine.precision = m.value("precision", std::string("fp32"));
    machine.batch = m.value("batch", 1);
    machine.iterations = m.value("iterations", 0);
    machine.libtorch = m.value("libtorch", std::string());
    machine.version = m.value("version", std::string());
    result.complete = j.value("complete", true);
    for (const json& point : j.at("points")) result.rows.push_back(rowFrom(point));
    return result;
  } catch (const json::exception& e) {
    throw std::invalid_argument(std::string("not a latency sweep: ") + e.what());
  } catch (const std::out_of_range& e) {  // a conv mode or α the network does not have
    throw std::invalid_argument(std::string("not a latency sweep: ") + e.what());
  }
}

std::string sweepCacheKey(const MachineInfo& machine) {
  std::string key = machine.device + '-' + machine.name + '-' + std::to_string(machine.threads) +
                    "threads-" + machine.precision + "-batch" + std::to_string(machine.batch) +
                    "-v" + machine.version + "-libtorch" + machine.libtorch;
  std::string clean;
  for (const char c : key) {
    const bool kept = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    if (kept)
      clean += c;
    else if (!clean.empty() && clean.back() != '_')
      clean += '_';  // a run of spaces, '(R)' and the like becomes one '_'
  }
  return clean;
}

}  // namespace mnl
