// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/teach/network_search.h"

#include <algorithm>

namespace mnl::teach {
namespace {

std::optional<double> heldOutTop1(const Evaluation& evaluation) {
  return evaluation.examples() > 0 ? std::optional(evaluation.top1()) : std::nullopt;
}

}  // namespace

std::optional<std::vector<TaughtAccuracy>> teachEachNetwork(
    Teacher& teacher, const TeachRequest& base, const std::vector<NetworkConfig>& networks,
    const std::function<bool(const NetworkSearchProgress&)>& progress) {
  std::vector<TaughtAccuracy> found;
  for (std::size_t i = 0; i < networks.size(); ++i) {
    TeachRequest request = base;
    request.backbone.network.alpha = networks[i].alpha;
    request.backbone.network.resolution = networks[i].resolution;
    request.modelFile.clear();
    TeachCallbacks callbacks;
    if (progress)
      callbacks.progress = [&](TeachStage stage, int done, int total) {
        return progress({static_cast<int>(i), static_cast<int>(networks.size()), stage, done,
                         total});
      };
    const std::optional<TeachOutcome> outcome = teacher.teach(request, callbacks);
    if (!outcome) return std::nullopt;
    // The network as loaded: a user's weights file fixes α whatever was asked.
    found.push_back({outcome->backbone, heldOutTop1(outcome->linearEvaluation),
                     heldOutTop1(outcome->knnEvaluation)});
  }
  return found;
}

std::vector<SweepRow> rowsByYourAccuracy(const std::vector<SweepRow>& rows,
                                         const std::vector<TaughtAccuracy>& yours) {
  std::vector<SweepRow> mine = rows;
  for (SweepRow& row : mine) {
    const auto taught = std::find_if(yours.begin(), yours.end(), [&row](const TaughtAccuracy& t) {
      return t.network.alpha == row.network.alpha &&
             t.network.resolution == row.network.resolution &&
             t.network.conv == row.network.conv;
    });
    row.top1 = taught != yours.end() && taught->linear ? std::optional(100 * *taught->linear)
                                                       : std::nullopt;
  }
  return mine;
}

}  // namespace mnl::teach
