// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep_command.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "command.h"
#include "mnl/latency_sweep_runner.h"
#include "mnl/network_threads.h"

namespace mnl::cli {
namespace {

// Exit status after Ctrl-C, as a shell reports a program ended by SIGINT (128 + 2); what was
// measured is printed first.
constexpr int kExitInterrupted = 130;

std::atomic<bool> interrupted{false};
extern "C" void onInterrupt(int) { interrupted.store(true); }

// SIGINT sets a flag the sweep asks between runs, for as long as this object lives.
class InterruptFlag {
 public:
  InterruptFlag() { previous_ = std::signal(SIGINT, onInterrupt); }
  ~InterruptFlag() { std::signal(SIGINT, previous_); }
  InterruptFlag(const InterruptFlag&) = delete;
  InterruptFlag& operator=(const InterruptFlag&) = delete;

 private:
  void (*previous_)(int) = SIG_DFL;
};

struct SweepOptions {
  std::vector<double> alphas;
  std::vector<int> resolutions;
  std::string conv = "separable";
  std::string device = "cpu";
  std::vector<std::string> precisions{"fp32"};
  std::optional<int> threads;  // unset: as the window runs the network (networkThreads)
  int batch = 1;
  int iterations = SweepRequest{}.iterations;
  std::optional<double> budgetMs, budgetFps;
  bool json = false;
  bool csv = false;
};

SweepRequest requestFrom(const SweepOptions& o) {
  SweepRequest request;
  if (!o.alphas.empty()) request.grid.alphas = o.alphas;
  if (!o.resolutions.empty()) request.grid.resolutions = o.resolutions;
  request.grid.conv = parsedOption([&] { return parseConvMode(o.conv); });
  for (std::size_t i = 0; i < request.grid.size(); ++i) checkNetwork(request.grid.point(i));
  if (o.batch < 1 || o.batch > kMaxBatch)
    throw UsageError("--batch must be from 1 to " + std::to_string(kMaxBatch) + ", not " +
                     std::to_string(o.batch));
  if (o.iterations < 1)
    throw UsageError("--iters must be at least 1, not " + std::to_string(o.iterations));
  if (o.threads && (*o.threads < 0 || *o.threads > kMaxThreads))
    throw UsageError("--threads must be from 0 (LibTorch's default) to " +
                     std::to_string(kMaxThreads) + ", not " + std::to_string(*o.threads));
  request.device = parsedOption([&] { return parseDeviceKind(o.device); });
  if (o.precisions.empty()) throw UsageError("--precision needs at least one format");
  request.precision = parsedOption([&] { return parsePrecision(o.precisions.front()); });
  // Unset: the window's count, one fewer than the machine's cores; the network this chooses is
  // the one the window will run with that many.
  request.threads = o.threads ? *o.threads
                              : networkThreads(0, static_cast<int>(std::thread::hardware_concurrency()));
  request.batch = o.batch;
  request.iterations = o.iterations;
  return request;
}

// The progress line on stderr: a bar redrawn in place on a terminal; elsewhere (a log, a
// pipe) one line when the networks are built and one per round, not a line per step.
class ProgressLine {
 public:
  explicit ProgressLine(int rounds) : terminal_(isatty(STDERR_FILENO) == 1), rounds_(rounds) {}

  void operator()(const SweepProgress& p) {
    const std::string what = (p.building ? "building " : "timing ") + networkName(p.network);
    if (terminal_) {
      constexpr int kWidth = 30;
      const int filled = p.total ? kWidth * p.done / p.total : 0;
      std::fprintf(stderr, "\r[%s%s] %3d%% %-24s", std::string(filled, '#').c_str(),
                   std::string(kWidth - filled, '.').c_str(), p.total ? 100 * p.done / p.total : 0,
                   what.c_str());
      std::fflush(stderr);
      drawn_ = true;
      return;
    }
    const int perRound = p.total / (rounds_ + 1);
    if (perRound > 0 && p.done % perRound == 0) {
      const int step = p.done / perRound;
      if (step == 1)
        std::fprintf(stderr, "sweep: %d networks built\n", perRound);
      else
        std::fprintf(stderr, "sweep: round %d of %d timed\n", step - 1, rounds_);
    }
  }

  // Leaves the terminal's line for what comes next.
  void finish() {
    if (drawn_) std::fprintf(stderr, "\r%*s\r", 70, "");
    drawn_ = false;
  }

  static std::string networkName(const NetworkConfig& n) {
    char text[48];
    std::snprintf(text, sizeof text, "%g/%d", n.alpha, n.resolution);
    return text;
  }

 private:
  bool terminal_;
  int rounds_;
  bool drawn_ = false;
};

void printTable(const SweepResult& result, const std::optional<LatencyBudget>& budget) {
  const MachineInfo& m = result.machine;
  std::printf("MobileNet v1 latency on %s (%s, %s), %d thread%s, %s, batch %d, LibTorch %s\n",
              m.name.c_str(), m.device.c_str(), m.isa.c_str(), m.threads, m.threads == 1 ? "" : "s",
              m.precision.c_str(), m.batch, m.libtorch.c_str());
  std::printf("%d timed runs per point, in interleaved rounds%s\n\n", m.iterations,
              result.complete ? "" : " (stopped early: fewer where 'runs' says so)");
  std::printf("%-11s %12s %9s %10s %9s %10s %5s %14s\n", "network", "mult-adds", "params",
              "median ms", "p90 ms", "images/s", "runs", "top-1 (paper)");
  for (const SweepRow& r : result.rows) {
    const std::string top1 = r.top1 ? std::to_string(*r.top1).substr(0, 4) + " %" : "-";
    std::printf("%-11s %11.1fM %8.2fM %10.3f %9.3f %10.1f %5d %14s\n",
                ProgressLine::networkName(r.network).c_str(), r.multAdds / 1e6, r.params / 1e6,
                r.medianMs, r.p90Ms, r.imagesPerS, r.samples, top1.c_str());
  }
  if (const auto fit = fitLatency(result.rows))
    std::printf("\nLine through median against mult-adds: %.3f ms + %.3f ms per 100 M mult-adds "
                "(the %.3f ms is the fixed cost of a run, whatever the network's arithmetic)\n",
                fit->interceptMs, 100 * fit->msPerMillionMultAdds, fit->interceptMs);
  if (!budget) return;
  char limit[64];
  if (budget->fps)
    std::snprintf(limit, sizeof limit, "%g FPS (%.2f ms a run)", *budget->fps, budget->ms);
  else
    std::snprintf(limit, sizeof limit, "%g ms a run", budget->ms);
  if (const auto choice = chooseForBudget(result.rows, *budget)) {
    const SweepRow& r = result.rows[*choice];
    std::printf("\nBudget %s: use %s (alpha %g, %d px): %.1f %% top-1 (paper), median %.3f ms, "
                "%.1f images/s\n",
                limit, ProgressLine::networkName(r.network).c_str(), r.network.alpha,
                r.network.resolution, *r.top1, r.medianMs, r.imagesPerS);
  } else {
    std::printf("\nBudget %s: no measured network with a published top-1 fits it.\n", limit);
  }
}

// Several formats (--precision fp32,bf16,int8): each format's table, then the budget's pick
// over all of them, which may be a wider network in a reduced format than fits in fp32.
void printFormats(const std::vector<SweepResult>& results,
                  const std::optional<LatencyBudget>& budget) {
  std::vector<SweepRow> rows;
  std::vector<std::string> formats;
  for (const SweepResult& result : results) {
    printTable(result, std::nullopt);
    std::printf("\n");
    for (const SweepRow& row : result.rows) {
      rows.push_back(row);
      formats.push_back(result.machine.precision);
    }
  }
  if (!budget) return;
  const auto choice = chooseForBudget(rows, *budget);
  if (!choice) {
    std::printf("Budget %.2f ms a run: no measured network with a published top-1 fits it in "
                "any of the formats.\n", budget->ms);
    return;
  }
  const SweepRow& r = rows[*choice];
  const std::string& format = formats[*choice];
  std::printf("Budget %.2f ms a run: use %s in %s (alpha %g, %d px): %.1f %% top-1 (paper, "
              "fp32), median %.3f ms, %.1f images/s\n",
              budget->ms, ProgressLine::networkName(r.network).c_str(), format.c_str(),
              r.network.alpha, r.network.resolution, *r.top1, r.medianMs, r.imagesPerS);
  if (format != "fp32")
    std::printf("(The top-1 is the paper's fp32 figure: what %s costs on your pictures, "
                "`classify --precision %s` or the window's Format check says; "
                "docs/benchmarks.md has it for the test photos and the demo clip.)\n",
                format.c_str(), format.c_str());
}

// Of several formats, one this machine cannot run would be timed as its stand-in (fp32) a
// second time, and the budget would weigh the same network twice: it is left out, with the
// reason, unless its stand-in is not timed otherwise.
void leaveOutStandIns(std::vector<SweepRequest>& requests) {
  if (requests.size() < 2) return;
  std::vector<std::string> runs;  // the format each request would run in here
  std::vector<std::string> timed;  // those timed: as asked, and the first stand-in of each
  for (const SweepRequest& request : requests) {
    runs.push_back(describeMachine(request).precision);
    if (runs.back() == nameOf(request.precision)) timed.push_back(runs.back());
  }
  std::vector<SweepRequest> kept;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const char* asked = nameOf(requests[i].precision);
    if (runs[i] != asked) {
      if (std::ranges::find(timed, runs[i]) != timed.end()) {
        std::cerr << "mobilenet-lab-cli: " << fallbackNotice(requests[i]) << "; " << runs[i]
                  << " is timed already, so " << asked << " is left out\n";
        continue;
      }
      timed.push_back(runs[i]);
    }
    kept.push_back(requests[i]);
  }
  requests = std::move(kept);
}

int run(const SweepOptions& o) {
  const SweepRequest first = requestFrom(o);
  std::vector<SweepRequest> requests;
  for (const std::string& name : o.precisions) {
    SweepRequest request = first;
    request.precision = parsedOption([&] { return parsePrecision(name); });
    requests.push_back(request);
  }
  if (requests.size() > 1 && o.csv)
    throw UsageError("--csv takes one format at a time: --precision " + o.precisions.front());
  leaveOutStandIns(requests);
  std::optional<LatencyBudget> budget;
  if (o.budgetMs) budget = parsedOption([&] { return LatencyBudget::fromMs(*o.budgetMs); });
  if (o.budgetFps)
    budget = parsedOption([&] { return LatencyBudget::fromFps(*o.budgetFps, o.batch); });

  std::vector<SweepResult> results;
  bool stopped = false;
  for (const SweepRequest& request : requests) {
    ProgressLine progress(std::min(request.rounds, request.iterations));
    SweepCallbacks callbacks;
    callbacks.progress = [&progress](const SweepProgress& p) { progress(p); };
    callbacks.stopRequested = [] { return interrupted.load(); };
    std::string notice;
    {
      const InterruptFlag flag;
      results.push_back(runSweep(request, callbacks, &notice));
    }
    progress.finish();
    if (!notice.empty()) std::cerr << "mobilenet-lab-cli: " << notice << "\n";
    stopped = interrupted.load();
    if (stopped) {
      std::cerr << "mobilenet-lab-cli: interrupted; " << results.back().rows.size() << " of "
                << request.grid.size() << " networks were timed, printed below\n";
      break;
    }
  }

  if (o.precisions.size() == 1) {  // the shape follows what was asked, not what ran
    if (o.json)
      std::cout << sweepJson(results.front(), budget) << '\n';
    else if (o.csv)
      std::cout << sweepCsv(results.front());
    else
      printTable(results.front(), budget);
  } else if (o.json) {
    // Each format's sweep as `sweep --json` writes it, and the pick over all of them.
    nlohmann::json out{{"formats", nlohmann::json::array()}};
    std::vector<SweepRow> rows;
    std::vector<std::pair<std::size_t, std::size_t>> where;
    for (std::size_t f = 0; f < results.size(); ++f) {
      out["formats"].push_back(nlohmann::json::parse(sweepJson(results[f], std::nullopt)));
      for (std::size_t i = 0; i < results[f].rows.size(); ++i) {
        rows.push_back(results[f].rows[i]);
        where.emplace_back(f, i);
      }
    }
    if (budget) {
      const auto choice = chooseForBudget(rows, *budget);
      nlohmann::json pick;
      if (choice) {
        const auto [f, i] = where[*choice];
        pick = out["formats"][f]["points"][i];
        pick["precision"] = results[f].machine.precision;
      }
      out["budget"] = {{"ms", budget->ms}, {"choice", pick}};
    }
    std::cout << out.dump(2) << '\n';
  } else {
    printFormats(results, budget);
  }
  std::cout.flush();
  return stopped ? kExitInterrupted : 0;
}

}  // namespace

void addSweepCommand(CLI::App& app) {
  auto o = std::make_shared<SweepOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Latency of every network of an alpha x resolution grid on this machine, and the "
               "most accurate one that fits a latency budget");
  cmd->footer(
      "Each network is built once (random weights: the time does not depend on them) and run "
      "twice untimed. The timed runs are then taken in rounds (--iters split evenly over 4), "
      "each visiting every point once in an interleaved order: the alphas in turn, each alpha's "
      "resolutions in turn shifted by its index, so consecutive points never share an alpha "
      "and on the paper's grid never a resolution; odd rounds go backwards. Each visit starts "
      "with one untimed run. A shared machine's drift thus spreads over the whole grid instead "
      "of falling on one alpha. median_ms and p90_ms are "
      "over all of a point's timed runs. top1 is the paper's (TF-slim's checkpoints) where it "
      "publishes that point, else null. Ctrl-C stops after the run in progress and prints what "
      "was measured (exit status 130).");
  cmd->add_option("--alphas", o->alphas, "Width multipliers, comma-separated (default: 1,0.75,0.5,0.25)")
      ->delimiter(',');
  cmd->add_option("--resolutions", o->resolutions,
                  "Input sides, comma-separated (default: 224,192,160,128)")
      ->delimiter(',');
  cmd->add_option("--conv", o->conv, "separable or standard")->capture_default_str();
  cmd->add_option("--device", o->device, "cpu or cuda")->capture_default_str();
  cmd->add_option("--precision", o->precisions,
                  "fp32, fp16 (CUDA only), bf16 or int8 (a CPU with the instructions), or several, "
                  "comma-separated: each timed in turn (one this machine cannot run is left "
                  "out, with the reason), and the budget chooses the network and the format")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--threads,-t", o->threads,
                  "CPU threads, 0 to 256 (default: as mobilenet-lab runs the network, one fewer "
                  "than the machine's cores and at least 1; 0: LibTorch's default)");
  cmd->add_option("--batch,-b", o->batch, "Images per run (1 to 256)")->capture_default_str();
  cmd->add_option("--iters,-n", o->iterations, "Timed runs per point")->capture_default_str();
  auto* ms = cmd->add_option("--budget-ms", o->budgetMs,
                             "Choose the network with the highest published top-1 whose median "
                             "run takes at most this many milliseconds");
  auto* fps = cmd->add_option("--budget-fps", o->budgetFps,
                              "As --budget-ms, for this many images per second");
  ms->excludes(fps);
  auto* json = cmd->add_flag("--json", o->json, "One JSON object instead of a table");
  auto* csv = cmd->add_flag("--csv", o->csv, "One CSV line per point instead of a table");
  json->excludes(csv);
  cmd->callback([o] {
    const int status = run(*o);
    if (status != 0) std::exit(status);
  });
}

}  // namespace mnl::cli
