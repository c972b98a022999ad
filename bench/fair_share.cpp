// SPDX-License-Identifier: GPL-3.0-or-later
// A measurement, not part of the product: how long a job of fixed CPU time takes on a machine
// whose cores are all kept busy by programs of the same priority, which is the floor under the
// window's busy-machine network time (docs/benchmarks.md, "A busy machine"). One thread sleeps,
// wakes, and burns WORK_MS of its own CPU time, ROUNDS times; it prints the wall time of the
// burn (median, p90, p99) against the CPU time it needed, for each slice it asks the kernel for
// (sched_setattr's sched_runtime, which Linux 6.12 and later honour for ordinary threads
// without privileges: 0 = the kernel's default).
//   g++ -O2 -std=c++20 bench/fair_share.cpp -o build/fair_share
//   for i in 1 2; do sh -c 'while :; do :; done' & done
//   build/fair_share [WORK_MS=2.5] [SLEEP_MS=10] [ROUNDS=300]; kill %1 %2
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

namespace {

// Linux's struct sched_attr (glibc 2.36 has no wrapper).
struct SchedAttr {
  std::uint32_t size = sizeof(SchedAttr);
  std::uint32_t policy = 0;
  std::uint64_t flags = 0;
  std::int32_t nice = 0;
  std::uint32_t priority = 0;
  std::uint64_t runtime = 0;  // for SCHED_OTHER: the slice asked for, ns
  std::uint64_t deadline = 0;
  std::uint64_t period = 0;
  std::uint32_t utilMin = 0;
  std::uint32_t utilMax = 0;
};

double threadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

void burn(double cpuMs) {
  const double start = threadCpuMs();
  volatile double sink = 0;
  while (threadCpuMs() - start < cpuMs)
    for (int i = 0; i < 1000; ++i) sink = sink + i;
}

bool askSlice(std::uint64_t ns) {
  SchedAttr attr;
  if (syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0) != 0) return false;
  attr.runtime = ns;
  return syscall(SYS_sched_setattr, 0, &attr, 0) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  const double workMs = argc > 1 ? std::atof(argv[1]) : 2.5;
  const double sleepMs = argc > 2 ? std::atof(argv[2]) : 10;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 300;
  std::printf("work %.2f ms of CPU after %.1f ms asleep, %d rounds\n", workMs, sleepMs, rounds);
  for (const std::uint64_t sliceNs : {0ull, 300'000ull, 6'000'000ull}) {
    if (sliceNs && !askSlice(sliceNs)) {
      std::printf("slice %.1f ms: refused by this kernel\n", sliceNs / 1e6);
      continue;
    }
    std::vector<double> wall;
    for (int i = 0; i < rounds; ++i) {
      std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(sleepMs));
      const auto start = std::chrono::steady_clock::now();
      burn(workMs);
      wall.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
    }
    std::sort(wall.begin(), wall.end());
    const auto at = [&](double q) { return wall[static_cast<std::size_t>(q * (wall.size() - 1))]; };
    std::printf("slice %s: wall median %.2f ms (%.2fx the CPU time), p90 %.2f (%.2fx), p99 %.2f\n",
                sliceNs ? (std::to_string(sliceNs / 1e6).substr(0, 3) + " ms").c_str() : "default",
                at(0.5), at(0.5) / workMs, at(0.9), at(0.9) / workMs, at(0.99));
  }
}
