// SPDX-License-Identifier: GPL-3.0-or-later
#include "evaluation_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mnl::cli {
namespace {

nlohmann::json fraction(double value) {
  return std::isnan(value) ? nlohmann::json() : nlohmann::json(value);
}

std::string percent(double value) {
  if (std::isnan(value)) return "-";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f %%", 100.0 * value);
  return text;
}

}  // namespace

void printEvaluation(const teach::Evaluation& e, const std::string& judged) {
  std::printf("%s examples: %d; top-1 %s (%d of %d), top-5 %s\n", judged.c_str(), e.examples(),
              percent(e.top1()).c_str(), e.correct(), e.examples(), percent(e.top5()).c_str());
  int width = 5;
  for (const std::string& c : e.classes) width = std::max(width, static_cast<int>(c.size()));
  std::printf("  %-*s  %8s  %8s\n", width, "class", "examples", "top-1");
  for (int c = 0; c < static_cast<int>(e.classes.size()); ++c)
    std::printf("  %-*s  %8d  %8s\n", width, e.classes[static_cast<std::size_t>(c)].c_str(),
                e.count(c), percent(e.accuracy(c)).c_str());
  const bool other = std::any_of(e.confusion.begin(), e.confusion.end(),
                                 [](const std::vector<int>& row) { return row.back() > 0; });
  std::printf("Confusion matrix (rows: true class; columns: predicted, in the order above%s)\n",
              other ? "; last: another class" : "");
  for (int c = 0; c < static_cast<int>(e.classes.size()); ++c) {
    const std::vector<int>& row = e.confusion[static_cast<std::size_t>(c)];
    std::printf("  %-*s ", width, e.classes[static_cast<std::size_t>(c)].c_str());
    for (std::size_t p = 0; p + (other ? 0 : 1) < row.size(); ++p) std::printf(" %5d", row[p]);
    std::printf("\n");
  }
}

nlohmann::json evaluationJson(const teach::Evaluation& e, bool withOther) {
  nlohmann::json perClass = nlohmann::json::array();
  for (int c = 0; c < static_cast<int>(e.classes.size()); ++c)
    perClass.push_back({{"class", e.classes[static_cast<std::size_t>(c)]},
                        {"examples", e.count(c)},
                        {"correct", e.confusion[static_cast<std::size_t>(c)]
                                                [static_cast<std::size_t>(c)]},
                        {"accuracy", fraction(e.accuracy(c))}});
  nlohmann::json confusion = nlohmann::json::array();
  for (const std::vector<int>& row : e.confusion)
    confusion.push_back(withOther ? row : std::vector<int>(row.begin(), row.end() - 1));
  nlohmann::json result{{"examples", e.examples()},  {"correct", e.correct()},
                        {"top1", fraction(e.top1())}, {"top5", fraction(e.top5())},
                        {"per_class", perClass},      {"confusion", confusion}};
  if (withOther) result["confusion_columns"] = "classes in order, then another class";
  return result;
}

}  // namespace mnl::cli
