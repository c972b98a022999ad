// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/thread_count_chooser.h"

#include <algorithm>
#include <vector>

#include "mnl/sample_stats.h"

namespace mnl {

ThreadCountChooser::ThreadCountChooser(int most) {
  counts_[0] = std::max(1, most);
  counts_[1] = std::max(1, counts_[0] / 2);
}

bool ThreadCountChooser::exploring() const {
  if (counts_[0] == counts_[1]) return false;
  const std::size_t other = 1 - current_;
  const int every = times_[other].size() < kEnough ? kExploreEarly : kExploreEvery;
  return sinceTried_ >= every;
}

int ThreadCountChooser::next() const {
  return counts_[exploring() ? 1 - current_ : current_];
}

void ThreadCountChooser::ran(int threads, double milliseconds) {
  if (threads != counts_[0] && threads != counts_[1]) return;
  const int s = slot(threads);
  if (s == current_)
    ++sinceTried_;
  else
    sinceTried_ = 0;
  times_[s].push_back(milliseconds);
  if (times_[s].size() > kKept) times_[s].pop_front();
  const int other = 1 - current_;
  if (times_[0].size() < kEnough || times_[1].size() < kEnough) return;
  const auto median = [](const std::deque<double>& t) {
    return summarize(std::vector<double>(t.begin(), t.end())).median;
  };
  if (median(times_[other]) < kSwitchBelow * median(times_[current_])) {
    current_ = other;
    sinceTried_ = 0;
  }
}

void ThreadCountChooser::reset() {
  current_ = 0;
  sinceTried_ = 0;
  for (auto& t : times_) t.clear();
}

}  // namespace mnl
