// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/teach/evaluation.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace mnl::teach {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double share(int part, int whole) {
  return whole == 0 ? kNaN : static_cast<double>(part) / whole;
}

}  // namespace

int Evaluation::correct() const {
  int n = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) n += truth[i] == predicted[i];
  return n;
}

double Evaluation::top1() const { return share(correct(), examples()); }

double Evaluation::top5() const {
  return share(static_cast<int>(std::count(inTop5.begin(), inTop5.end(), true)), examples());
}

int Evaluation::count(int trueClass) const {
  const std::vector<int>& row = confusion.at(static_cast<std::size_t>(trueClass));
  return std::accumulate(row.begin(), row.end(), 0);
}

double Evaluation::accuracy(int trueClass) const {
  return share(confusion.at(static_cast<std::size_t>(trueClass))
                   .at(static_cast<std::size_t>(trueClass)),
               count(trueClass));
}

std::vector<int> Evaluation::examplesIn(int trueClass, int predictedClass) const {
  std::vector<int> members;
  for (std::size_t i = 0; i < truth.size(); ++i)
    if (truth[i] == trueClass && predicted[i] == predictedClass)
      members.push_back(static_cast<int>(i));
  return members;
}

std::vector<int> rankClasses(std::span<const float> scores, int count) {
  std::vector<int> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  const auto kept = std::min<std::size_t>(static_cast<std::size_t>(std::max(count, 0)),
                                          order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(kept), order.end(),
                    [&scores](int a, int b) {
                      const float sa = scores[static_cast<std::size_t>(a)];
                      const float sb = scores[static_cast<std::size_t>(b)];
                      return sa > sb || (sa == sb && a < b);
                    });
  order.resize(kept);
  return order;
}

Evaluation evaluate(const std::vector<std::string>& classes, const std::vector<int>& truth,
                    const std::vector<std::vector<int>>& ranked) {
  if (truth.size() != ranked.size())
    throw std::invalid_argument("evaluate: " + std::to_string(truth.size()) + " labels but " +
                                std::to_string(ranked.size()) + " rankings");
  const int n = static_cast<int>(classes.size());
  const auto inRange = [n](int c) { return c >= 0 && c < n; };
  Evaluation result;
  result.classes = classes;
  result.truth = truth;
  result.confusion.assign(classes.size(), std::vector<int>(classes.size() + 1, 0));
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (!inRange(truth[i]))
      throw std::invalid_argument("evaluate: example " + std::to_string(i) +
                                  " has a label outside the classes");
    if (ranked[i].empty())
      throw std::invalid_argument("evaluate: example " + std::to_string(i) + " has no ranking");
    for (int c : ranked[i])
      if (c != kOtherClass && !inRange(c))
        throw std::invalid_argument("evaluate: example " + std::to_string(i) +
                                    " ranks a class outside the classes");
    const int top = ranked[i].front();
    result.predicted.push_back(top);
    const auto five = ranked[i].begin() + std::min<std::ptrdiff_t>(5, std::ssize(ranked[i]));
    result.inTop5.push_back(std::find(ranked[i].begin(), five, truth[i]) != five);
    const std::size_t column = top == kOtherClass ? classes.size() : static_cast<std::size_t>(top);
    ++result.confusion[static_cast<std::size_t>(truth[i])][column];
  }
  return result;
}

}  // namespace mnl::teach
