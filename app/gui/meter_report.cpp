// SPDX-License-Identifier: GPL-3.0-or-later
#include "meter_report.h"

#include <QJsonArray>
#include <QStringList>
#include <algorithm>

#include "mnl/sample_stats.h"

namespace mnl::gui {

namespace {

QJsonObject stats(const std::vector<double>& v) {
  const SampleStats s = summarize(v);
  return {{"mean", s.mean}, {"median", s.median}, {"p90", s.p90}};
}

QJsonObject networkJson(const NetworkConfig& n) {
  return {{"alpha", n.alpha},
          {"resolution", n.resolution},
          {"conv", QString::fromUtf8(toString(n.conv).data())}};
}

QJsonObject switchesJson(const std::vector<double>& v) {
  QJsonArray ms;
  for (double x : v) ms.append(x);
  const SampleStats s = summarize(v);
  return {{"count", static_cast<int>(s.count)}, {"ms", ms}, {"median", s.median}, {"max", s.max}};
}

// The first sample at or after half the run: start-up (weights, caches, the first networks)
// is over by then.
std::pair<double, double> atHalfTime(const std::vector<std::pair<double, double>>& rss) {
  const double half = rss.back().first / 2;
  return *std::find_if(rss.begin(), rss.end(), [half](const auto& s) { return s.first >= half; });
}

double peakOf(const std::vector<std::pair<double, double>>& rss) {
  double peak = 0;
  for (const auto& sample : rss) peak = std::max(peak, sample.second);
  return peak;
}

}  // namespace

double MeterReport::Steady::overheadMs() const {
  return summarize(preprocessMs).mean + featureUpdateMs + featurePaintMs;
}

QJsonObject MeterReport::toJson() const {
  QJsonObject report;
  report["mode"] = soakMode ? "soak" : "measure";
  report["ok"] = ok();
  if (!ok()) report["failure"] = failure;
  report["device"] = device;
  report["seconds"] = seconds;
  report["results_shown"] = static_cast<double>(resultsShown);
  report["rebuilds"] = rebuilds;
  report["frames_run"] = static_cast<double>(framesRun);
  report["frames_dropped"] = static_cast<double>(framesDropped);
  if (steady) {
    const Steady& s = *steady;
    report["steady"] = QJsonObject{
        {"network", networkJson(s.network)},
        {"layer", s.layer},
        {"seconds", s.seconds},
        {"results_shown", static_cast<double>(s.resultsShown)},
        {"fps", s.fps()},
        {"frame_ms", s.frameMs()},
        {"preprocess_ms", stats(s.preprocessMs)},
        {"forward_ms", stats(s.forwardMs)},
        {"postprocess_ms", stats(s.postprocessMs)},
        {"capture_to_screen_ms", stats(s.captureToScreenMs)},
        {"ui_ms_per_frame", QJsonObject{{"frame_update", s.frameUpdateMs},
                                        {"frame_paint", s.framePaintMs},
                                        {"feature_update", s.featureUpdateMs},
                                        {"feature_paint", s.featurePaintMs}}},
        {"preprocess_plus_feature_rendering_ms", s.overheadMs()},
        {"share_of_frame", s.frameMs() > 0 ? s.overheadMs() / s.frameMs() : 0.0},
    };
  }
  if (switches) {
    QJsonArray targets;
    for (const NetworkConfig& n : switches->targets) targets.append(networkJson(n));
    report["switches"] = QJsonObject{{"targets", targets},
                                     {"to_new_network", switchesJson(switches->toNewNetworkMs)},
                                     {"back_to_recent_network",
                                      switchesJson(switches->backToRecentNetworkMs)}};
  }
  if (soak)
    report["soak"] = QJsonObject{{"control_changes", soak->controlChanges},
                                 {"source_switches", soak->sourceSwitches},
                                 {"seed", static_cast<double>(soak->seed)}};
  if (!rss.empty()) {
    QJsonArray samples;
    for (const auto& [t, mib] : rss) samples.append(QJsonArray{t, mib});
    const double half = atHalfTime(rss).second;
    report["rss_mib"] = QJsonObject{{"first", rss.front().second},
                                    {"at_half_time", half},
                                    {"last", rss.back().second},
                                    {"peak", peakOf(rss)},
                                    {"second_half_growth", rss.back().second - half},
                                    {"samples", samples}};
  }
  if (!rssAfterTour.empty()) {
    QJsonArray tours;
    for (const auto& [t, mib] : rssAfterTour) tours.append(QJsonArray{t, mib});
    report["rss_after_tour_mib"] = tours;
  }
  if (!heapAfterTour.empty()) {
    QJsonArray heap;
    for (const auto& [t, mib] : heapAfterTour) heap.append(QJsonArray{t, mib});
    report["heap_in_use_after_tour_mib"] = heap;
  }
  return report;
}

QString MeterReport::summary() const {
  QStringList lines;
  lines << QStringLiteral("%1: %2 results shown in %3 s, %4 rebuilds, %5")
               .arg(soakMode ? QStringLiteral("soak") : QStringLiteral("measure"))
               .arg(resultsShown)
               .arg(seconds, 0, 'f', 1)
               .arg(rebuilds)
               .arg(ok() ? QStringLiteral("ok") : failure);
  if (steady) {
    const Steady& s = *steady;
    lines << QStringLiteral("steady %1 s: %2 FPS shown; network %3 ms median; preprocess %4 ms; "
                            "post %5 ms; feature maps coloured %6 + painted %7 ms; frame %8 + %9 ms")
                 .arg(s.seconds, 0, 'f', 1)
                 .arg(s.fps(), 0, 'f', 1)
                 .arg(summarize(s.forwardMs).median, 0, 'f', 2)
                 .arg(summarize(s.preprocessMs).mean, 0, 'f', 2)
                 .arg(summarize(s.postprocessMs).mean, 0, 'f', 2)
                 .arg(s.featureUpdateMs, 0, 'f', 2)
                 .arg(s.featurePaintMs, 0, 'f', 2)
                 .arg(s.frameUpdateMs, 0, 'f', 2)
                 .arg(s.framePaintMs, 0, 'f', 2);
    lines << QStringLiteral("preprocessing + feature-map rendering: %1 ms = %2% of a frame")
                 .arg(s.overheadMs(), 0, 'f', 2)
                 .arg(s.frameMs() > 0 ? 100 * s.overheadMs() / s.frameMs() : 0.0, 0, 'f', 1);
  }
  if (switches) {
    for (const auto& [kind, ms] : {std::pair{"to new network", &switches->toNewNetworkMs},
                                   std::pair{"back to recent network",
                                             &switches->backToRecentNetworkMs}}) {
      const SampleStats s = summarize(*ms);
      lines << QStringLiteral("α/ρ moved %1: live after %2 ms median, %3 ms max (%4 switches)")
                   .arg(QString::fromLatin1(kind))
                   .arg(s.median, 0, 'f', 0)
                   .arg(s.max, 0, 'f', 0)
                   .arg(s.count);
    }
  }
  if (!rss.empty())
    lines << QStringLiteral("resident memory: %1 MiB first, %2 at half time, %3 last, %4 peak")
                 .arg(rss.front().second, 0, 'f', 0)
                 .arg(atHalfTime(rss).second, 0, 'f', 0)
                 .arg(rss.back().second, 0, 'f', 0)
                 .arg(peakOf(rss), 0, 'f', 0);
  return lines.join('\n');
}

}  // namespace mnl::gui
