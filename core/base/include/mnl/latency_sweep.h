// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A latency sweep over the α × resolution grid, as plain data: the grid, the order its points
// are timed in, one row per point (cost, measured latency, published top-1), the choice of a
// network for a latency budget, the line fitted through latency against mult-adds, and the
// JSON/CSV forms that the CLI prints and the window caches and exports. The timing itself is
// in latency_sweep_runner.h (LibTorch). No torch and no Qt here.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "mnl/architecture.h"

namespace mnl {

struct SweepGrid {
  std::vector<double> alphas;
  std::vector<int> resolutions;
  ConvMode conv = ConvMode::Separable;

  std::size_t size() const { return alphas.size() * resolutions.size(); }
  // Point i of the grid: alphas[i / resolutions.size()] at resolutions[i % resolutions.size()].
  NetworkConfig point(std::size_t index) const;
};

// The paper's 16 points: α ∈ {1, 0.75, 0.5, 0.25} × {224, 192, 160, 128}, separable.
SweepGrid paperSweepGrid();

// The order in which round `round` visits the grid's points (indices as in SweepGrid::point),
// each point once. A shared machine drifts (another program starts, the CPU clocks down), and
// timing all of one α, then the next, would turn that drift into a difference between the
// α's. So each round takes the α's in turn (α 1, 2, …, n, 1, 2, …), each α's resolutions in
// turn shifted by the α's index, which walks the grid's diagonals: consecutive points always
// differ in α, and in resolution too wherever the grid allows it (on the paper's 4 × 4, always;
// on a 2 × 2, not every time). Odd rounds walk the same path backwards, so no point is always
// timed at the start or end of a round.
std::vector<std::size_t> interleavedOrder(std::size_t alphaCount, std::size_t resolutionCount,
                                          int round);

// The published ImageNet top-1 (%) of exactly this network: TF-slim's 16 checkpoints for the
// separable network, the paper's Table 4 for the standard one; nullopt where none is published.
std::optional<double> publishedTop1(const NetworkConfig& network);

struct SweepRow {
  NetworkConfig network;
  long long multAdds = 0;
  long long params = 0;  // every learnable value, as `cost --json`'s "params"
  long long activationBytes = 0;
  int samples = 0;  // timed runs behind the figures below
  double medianMs = 0;  // of one run (a batch)
  double p90Ms = 0;
  double imagesPerS = 0;
  std::optional<double> top1;  // publishedTop1(network)
};

// A row for `network` with its cost and published top-1, no timing yet.
SweepRow costedRow(const NetworkConfig& network);

// Where the sweep ran: what makes its times comparable with another's.
struct MachineInfo {
  std::string device = "cpu";  // "cpu" or "cuda"
  std::string name;            // the CPU's model name or the GPU's
  std::string isa;             // the CPU's vector instructions LibTorch uses ("AVX512"), or the GPU's "sm_90"
  int threads = 1;             // intra-op threads of the CPU
  std::string precision = "fp32";
  int batch = 1;
  int iterations = 0;  // timed runs per point asked for
  std::string libtorch;  // LibTorch's version
  std::string version;   // MobileNet Lab's version
};

struct SweepResult {
  MachineInfo machine;
  std::vector<SweepRow> rows;  // in grid order; a stopped sweep leaves out unmeasured points
  bool complete = true;        // false: stopped (Ctrl-C, Cancel) before every run was timed
};

// A budget for one run (a batch): `ms`, or frames per second turned into the time a batch of
// `batch` images may take (1000 · batch / fps).
struct LatencyBudget {
  double ms = 0;
  std::optional<double> fps;  // when given as frames per second
  static LatencyBudget fromMs(double ms);
  static LatencyBudget fromFps(double fps, int batch = 1);
};

// The row with the highest published top-1 whose median fits the budget (ties: the faster);
// nullopt when none with a published top-1 fits.
std::optional<std::size_t> chooseForBudget(const std::vector<SweepRow>& rows,
                                           const LatencyBudget& budget);

// Least-squares line through (million mult-adds, median ms) of the rows: its intercept is the
// time a run takes whatever the network's arithmetic (per-layer launches, memory traffic
// that does not shrink with the network, the timer itself).
struct LatencyFit {
  double interceptMs = 0;
  double msPerMillionMultAdds = 0;
  double millionMultAddsPerMs() const { return msPerMillionMultAdds > 0 ? 1 / msPerMillionMultAdds : 0; }
};
// nullopt for fewer than two distinct mult-add counts.
std::optional<LatencyFit> fitLatency(const std::vector<SweepRow>& rows);

// The machine-readable forms. JSON: {"format": kSweepFormat, "format_version":
// kSweepFormatVersion, "machine": {…}, "complete": bool, "points": [row…],
// "budget": {"ms", "fps", "choice": row | null} | null}. CSV: a header line of
// sweepCsvColumns(), then one line per row (top1 and top1_source empty where none is published).
inline constexpr const char* kSweepFormat = "mobilenet-lab latency sweep";
inline constexpr int kSweepFormatVersion = 1;
std::string sweepJson(const SweepResult& result, const std::optional<LatencyBudget>& budget,
                      int indent = 2);
std::vector<std::string> sweepCsvColumns();
std::string sweepCsv(const SweepResult& result);

// Reads sweepJson's output back (the window's cache); throws std::invalid_argument with a
// sentence when the text is not such a sweep: not JSON, another format or format version,
// missing fields, or values no sweep measures (a negative time, an α of 0). Files without the
// format fields are version 1 (written before they were).
SweepResult parseSweepJson(const std::string& text);

// A file name (letters, digits, '-', '_' and '.') for a cached sweep of this machine: its
// device and name, threads, precision, batch, MobileNet Lab's version and LibTorch's; the
// times under another of these are not this configuration's.
std::string sweepCacheKey(const MachineInfo& machine);

}  // namespace mnl
