// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How `teach` and `evaluate` report an evaluation (mnl/teach/evaluation.h): as text, top-1 and
// top-5, each class's accuracy and the confusion matrix; or as JSON with the same figures.

#include <nlohmann/json.hpp>
#include <string>

#include "mnl/teach/evaluation.h"

namespace mnl::cli {

// `judged` names the examples in the text ("held-out", "folder").
void printEvaluation(const teach::Evaluation& evaluation, const std::string& judged);

// {"examples", "top1", "top5", "per_class": [{"class", "examples", "correct", "accuracy"}],
//  "confusion": rows = true class, columns = predicted, the last column "other" when
//  withOther}; accuracies are null where a class has no examples.
nlohmann::json evaluationJson(const teach::Evaluation& evaluation, bool withOther);

}  // namespace mnl::cli
