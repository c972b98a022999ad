// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How many cores other programs keep busy, and so how many threads the window's network should
// run with. Torch-free; Linux (/proc/stat), elsewhere it reports nothing and the count stays.
//
// Why: the network's threads meet after every layer, so a layer takes as long as its slowest
// thread. When other programs hold the cores, a thread of ours is often waiting for one and the
// whole team waits with it, and a second network thread also takes time from the window's own
// capture and drawing threads: on 2 cores with 2 spinning programs the window showed more frames
// and a lower network p90 with 1 thread than with 2 (docs/benchmarks.md, "A busy machine").
// A thread count measured from the network's own times (tried before) could not see that cost,
// which falls on the other threads; the machine's idle time can.

#include <chrono>
#include <optional>
#include <string_view>

namespace mnl {

// Cumulative CPU time of the whole machine, in clock ticks (the "cpu" line of /proc/stat).
struct MachineCpuTime {
  long long busy = 0;   // user + nice + system + irq + softirq + steal
  long long total = 0;  // busy + idle + iowait
};

// Parses /proc/stat's text; nullopt if it has no aggregate "cpu" line.
std::optional<MachineCpuTime> parseProcStat(std::string_view text);

// Network threads for the next run: `most` (what the window was asked for) when other programs
// leave that many cores free, fewer when they do not, never fewer than one. A core counts as
// free when at least three quarters of it is idle.
int threadsForLoad(int most, int cores, double coresBusyElsewhere);

// Samples the machine's and this process's CPU time at most every `interval` and says how many
// cores other programs used in between.
class CpuLoad {
 public:
  explicit CpuLoad(std::chrono::milliseconds interval = std::chrono::milliseconds(500));
  // The cores other programs kept busy over the last full interval (0 … cores); nullopt until
  // one interval has passed, or where /proc/stat cannot be read. Cheap between samples.
  std::optional<double> coresBusyElsewhere();
  int cores() const { return cores_; }

 private:
  struct Sample {
    std::chrono::steady_clock::time_point when;
    MachineCpuTime machine;
    double processSeconds = 0;
  };
  std::optional<Sample> take() const;

  std::chrono::milliseconds interval_;
  int cores_ = 1;
  long ticksPerSecond_ = 100;
  std::optional<Sample> last_;
  std::optional<double> elsewhere_;
};

}  // namespace mnl
