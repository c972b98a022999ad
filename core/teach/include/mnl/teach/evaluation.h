// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How good a classifier is on labelled examples: top-1 and top-5, the accuracy of each class
// and the confusion matrix (rows: the true class, columns: the predicted one), with which
// example fell in which cell, so that a cell can show its pictures. No torch, no Qt here.

#include <span>
#include <string>
#include <vector>

namespace mnl::teach {

// A prediction outside the classes evaluated (an ImageNet model asked about a folder of three
// of its thousand classes predicting a fourth): the confusion matrix's last column.
inline constexpr int kOtherClass = -1;

struct Evaluation {
  std::vector<std::string> classes;
  std::vector<int> truth;      // per example
  std::vector<int> predicted;  // per example: its top-1, a class index or kOtherClass
  std::vector<bool> inTop5;    // per example: the true class among the first five
  // confusion[t][p]: examples of class t predicted as p; column classes.size() is "other".
  std::vector<std::vector<int>> confusion;

  int examples() const { return static_cast<int>(truth.size()); }
  int correct() const;
  double top1() const;  // 0…1; NaN without examples
  double top5() const;
  int count(int trueClass) const;          // a confusion row's sum
  double accuracy(int trueClass) const;    // NaN for a class without examples
  // The examples (indices into truth) in one cell; predictedClass may be kOtherClass.
  std::vector<int> examplesIn(int trueClass, int predictedClass) const;
};

// Class indices by score, highest first (ties: the lower index first), the first `count` only.
std::vector<int> rankClasses(std::span<const float> scores, int count);

// ranked[i]: example i's classes best first (at least its top-1; top-5 looks at five), each an
// index into `classes` or kOtherClass. Throws std::invalid_argument for sizes that differ, an
// empty ranking, or an index outside the classes.
Evaluation evaluate(const std::vector<std::string>& classes, const std::vector<int>& truth,
                    const std::vector<std::vector<int>>& ranked);

}  // namespace mnl::teach
