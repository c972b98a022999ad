// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/cpu_load.h"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace mnl {

std::optional<MachineCpuTime> parseProcStat(std::string_view text) {
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("cpu ", 0) != 0) continue;
    std::istringstream fields(line.substr(4));
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    long long v[8] = {};
    int n = 0;
    while (n < 8 && fields >> v[n]) ++n;
    if (n < 4) return std::nullopt;
    MachineCpuTime t;
    t.busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
    t.total = t.busy + v[3] + v[4];
    return t;
  }
  return std::nullopt;
}

int threadsForLoad(int most, int cores, double coresBusyElsewhere) {
  const double free = cores - std::max(0.0, coresBusyElsewhere);
  return std::clamp(static_cast<int>(free + 0.25), 1, std::max(1, most));
}

CpuLoad::CpuLoad(std::chrono::milliseconds interval)
    : interval_(interval),
      cores_(std::max(1, static_cast<int>(std::thread::hardware_concurrency()))),
      ticksPerSecond_(std::max(1L, sysconf(_SC_CLK_TCK))) {}

std::optional<CpuLoad::Sample> CpuLoad::take() const {
  std::ifstream file("/proc/stat");
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  const std::optional<MachineCpuTime> machine = parseProcStat(text.str());
  if (!machine) return std::nullopt;
  timespec own{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &own);
  return Sample{std::chrono::steady_clock::now(), *machine,
                static_cast<double>(own.tv_sec) + static_cast<double>(own.tv_nsec) * 1e-9};
}

std::optional<double> CpuLoad::coresBusyElsewhere() {
  const auto now = std::chrono::steady_clock::now();
  if (last_ && now - last_->when < interval_) return elsewhere_;
  const std::optional<Sample> sample = take();
  if (!sample) return elsewhere_;
  if (last_) {
    const double wall = std::chrono::duration<double>(sample->when - last_->when).count();
    const double machineBusy =
        static_cast<double>(sample->machine.busy - last_->machine.busy) / ticksPerSecond_;
    const double ours = sample->processSeconds - last_->processSeconds;
    if (wall > 0)
      elsewhere_ = std::clamp((machineBusy - ours) / wall, 0.0, static_cast<double>(cores_));
  }
  last_ = sample;
  return elsewhere_;
}

}  // namespace mnl
