// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How many CPU threads the window's network runs with next, chosen from the times it has taken.
// Torch-free.
//
// Why: the network's threads meet after every layer, so a layer takes as long as its slowest
// thread. When other programs hold the cores (a browser, a compiler), one of them is often
// waiting for a core and every layer waits with it: on 2 cores with 2 busy programs, 2 threads
// ran slower than 1 (docs/benchmarks.md, "A busy machine"). The machine's load is not known in
// advance and changes, so the chooser measures: it runs the count that has been faster lately,
// and every kExploreEvery runs tries the other one once (half as many threads, at least one).
// On an idle machine that try costs one slower run in kExploreEvery.

#include <array>
#include <cstddef>
#include <deque>

namespace mnl {

class ThreadCountChooser {
 public:
  static constexpr int kExploreEvery = 32;      // runs between two tries of the other count
  static constexpr int kExploreEarly = 4;       // ... while the other count has too few times
  // Latest times kept per count, and compared by their median: one slow run (the first at a
  // count builds its oneDNN primitives) does not decide.
  static constexpr std::size_t kKept = 5;
  static constexpr std::size_t kEnough = 3;     // times a count needs before it is compared
  static constexpr double kSwitchBelow = 0.9;   // the other count must take < 90 % of the time

  // `most`: the thread count asked for (the window's network threads), at least 1.
  explicit ThreadCountChooser(int most);

  int most() const { return counts_[0]; }
  int fewer() const { return counts_[1]; }
  // The thread count for the next run.
  int next() const;
  // A run took `milliseconds` with `threads` threads (one of most() or fewer()).
  void ran(int threads, double milliseconds);
  // A new network: the times so far say nothing about it.
  void reset();

 private:
  int slot(int threads) const { return threads == counts_[0] ? 0 : 1; }
  bool exploring() const;

  std::array<int, 2> counts_;
  int current_ = 0;  // index into counts_
  int sinceTried_ = 0;
  std::array<std::deque<double>, 2> times_;
};

}  // namespace mnl
