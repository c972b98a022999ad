// SPDX-License-Identifier: GPL-3.0-or-later
#include "teach_sweep.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "command.h"
#include "mnl/latency_sweep_runner.h"
#include "mnl/network_threads.h"
#include "mnl/teach/network_search.h"

namespace mnl::cli {
namespace {

struct Point {
  SweepRow latency;                // this machine's time and the network's cost
  std::optional<double> linear;    // held-out top-1 on the person's classes, 0…1
  std::optional<double> knn;
  std::optional<double> imageNet;  // the paper's top-1 (%), where published
};

std::string percent(const std::optional<double>& share) {
  if (!share) return "-";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f %%", 100 * *share);
  return text;
}

nlohmann::json orNull(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

}  // namespace

void runTeachSweep(const teach::TeachRequest& base, const TeachSweepOptions& o) {
  SweepRequest timing;
  if (!o.alphas.empty()) timing.grid.alphas = o.alphas;
  if (!o.resolutions.empty()) timing.grid.resolutions = o.resolutions;
  for (std::size_t i = 0; i < timing.grid.size(); ++i) checkNetwork(timing.grid.point(i));
  if (o.iterations < 1) throw UsageError("--iters must be at least 1");
  timing.iterations = o.iterations;
  timing.threads = networkThreads(0, static_cast<int>(std::thread::hardware_concurrency()));
  std::optional<LatencyBudget> budget;
  if (o.budgetMs) budget = parsedOption([&] { return LatencyBudget::fromMs(*o.budgetMs); });
  if (o.budgetFps) budget = parsedOption([&] { return LatencyBudget::fromFps(*o.budgetFps); });

  // Accuracy first, one backbone at a time (each embeds every example once); then the timing,
  // interleaved over the grid as `sweep` does, with no teaching beside it.
  std::vector<NetworkConfig> networks;
  for (std::size_t i = 0; i < timing.grid.size(); ++i) networks.push_back(timing.grid.point(i));
  teach::Teacher teacher;
  int announced = -1;
  const auto yours = teach::teachEachNetwork(
      teacher, base, networks, [&](const teach::NetworkSearchProgress& p) {
        if (p.network != announced)
          std::fprintf(stderr, "teach --sweep: alpha %g, %d px (%d of %d)\n",
                       networks[p.network].alpha, networks[p.network].resolution,
                       p.network + 1, p.networks);
        announced = p.network;
        return true;
      });
  std::fprintf(stderr, "teach --sweep: timing the %zu networks on this machine\n",
               timing.grid.size());
  const SweepResult measured = runSweep(timing);
  // The budget's pick by the person's accuracy: sweep's own choice (highest top-1 that fits,
  // ties the faster) over rows whose top-1 is the held-out one.
  const std::vector<SweepRow> byYourAccuracy = teach::rowsByYourAccuracy(measured.rows, *yours);
  std::vector<Point> points;
  for (std::size_t i = 0; i < yours->size() && i < measured.rows.size(); ++i)
    points.push_back({measured.rows[i], (*yours)[i].linear, (*yours)[i].knn,
                      measured.rows[i].top1});
  const std::optional<std::size_t> choice =
      budget ? chooseForBudget(byYourAccuracy, *budget) : std::nullopt;

  if (o.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const Point& p : points)
      rows.push_back({{"alpha", p.latency.network.alpha},
                      {"resolution", p.latency.network.resolution},
                      {"mult_adds", p.latency.multAdds},
                      {"median_ms", p.latency.medianMs},
                      {"held_out_top1_linear", orNull(p.linear)},
                      {"held_out_top1_knn", orNull(p.knn)},
                      {"imagenet_top1_paper", orNull(p.imageNet)}});
    nlohmann::json report{{"machine", {{"name", measured.machine.name},
                                       {"isa", measured.machine.isa},
                                       {"threads", measured.machine.threads}}},
                          {"classes", base.classes},
                          {"examples", base.examples.size()},
                          {"points", rows}};
    if (budget)
      report["budget"] = {{"ms", budget->ms},
                          {"choice", choice ? rows[*choice] : nlohmann::json()}};
    std::cout << report.dump(2) << '\n';
    return;
  }
  const MachineInfo& m = measured.machine;
  std::printf("Your %zu classes, %zu examples, on %s (%s), %d thread%s\n", base.classes.size(),
              base.examples.size(), m.name.c_str(), m.isa.c_str(), m.threads,
              m.threads == 1 ? "" : "s");
  std::printf("%-9s %11s %10s %15s %10s %15s\n", "network", "mult-adds", "median ms",
              "yours (linear)", "yours (k-NN)", "ImageNet (paper)");
  for (const Point& p : points) {
    char name[32];
    std::snprintf(name, sizeof name, "%g/%d", p.latency.network.alpha,
                  p.latency.network.resolution);
    const std::string imageNet =
        p.imageNet ? std::to_string(*p.imageNet).substr(0, 4) + " %" : "-";
    std::printf("%-9s %10.1fM %10.3f %15s %10s %15s\n", name, p.latency.multAdds / 1e6,
                p.latency.medianMs, percent(p.linear).c_str(), percent(p.knn).c_str(),
                imageNet.c_str());
  }
  if (!budget) return;
  if (choice) {
    const Point& p = points[*choice];
    std::printf("\nBudget %.2f ms a run: alpha %g at %d px, %s on your held-out examples, "
                "median %.3f ms\n",
                budget->ms, p.latency.network.alpha, p.latency.network.resolution,
                percent(p.linear).c_str(), p.latency.medianMs);
  } else {
    std::printf("\nBudget %.2f ms a run: no network fits it.\n", budget->ms);
  }
}

}  // namespace mnl::cli
