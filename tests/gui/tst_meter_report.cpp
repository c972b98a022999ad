// SPDX-License-Identifier: GPL-3.0-or-later
// The window's report on itself (app/gui/meter_report.h): the JSON that --report writes and
// scripts/soak.sh reads, and the lines for people, from one set of made-up figures.
#include <QJsonArray>
#include <QtTest>

#include "meter_report.h"

using mnl::gui::MeterReport;

class TestMeterReport : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void measureReport();
  void soakReport();
};

namespace {

MeterReport measured() {
  MeterReport r;
  r.device = QStringLiteral("CPU, 1 thread");
  r.seconds = 12.5;
  r.resultsShown = 300;
  r.rebuilds = 11;
  r.framesRun = 310;
  r.framesDropped = 40;
  MeterReport::Steady s;
  s.network = {0.5, 160, 1000, mnl::ConvMode::Separable};
  s.layer = QStringLiteral("pw6");
  s.seconds = 10;
  s.resultsShown = 250;  // 25 FPS: 40 ms a frame
  s.preprocessMs = {1, 2, 3};
  s.forwardMs = {10, 11, 12, 13};
  s.postprocessMs = {0.5};
  s.captureToScreenMs = {30, 40};
  s.featureUpdateMs = 1;
  s.featurePaintMs = 1;
  s.frameUpdateMs = 0.25;
  s.framePaintMs = 0.75;
  r.steady = s;
  r.switches = MeterReport::Switches{{{1.0, 224, 1000, mnl::ConvMode::Separable}}, {100, 300}, {20}};
  r.rss = {{0, 400}, {5, 450}, {10, 480}, {12.5, 470}};
  return r;
}

}  // namespace

void TestMeterReport::measureReport() {
  const MeterReport r = measured();
  const QJsonObject json = r.toJson();
  QCOMPARE(json["mode"].toString(), QStringLiteral("measure"));
  QVERIFY(json["ok"].toBool());
  QVERIFY(!json.contains("failure"));
  QCOMPARE(json["results_shown"].toDouble(), 300.0);
  const QJsonObject steady = json["steady"].toObject();
  QCOMPARE(steady["fps"].toDouble(), 25.0);
  QCOMPARE(steady["frame_ms"].toDouble(), 40.0);
  QCOMPARE(steady["forward_ms"].toObject()["median"].toDouble(), 12.0);  // the upper median
  QCOMPARE(steady["preprocess_plus_feature_rendering_ms"].toDouble(), 4.0);  // 2 + 1 + 1
  QCOMPARE(steady["share_of_frame"].toDouble(), 0.1);
  QCOMPARE(steady["network"].toObject()["resolution"].toInt(), 160);
  const QJsonObject switches = json["switches"].toObject();
  QCOMPARE(switches["to_new_network"].toObject()["max"].toDouble(), 300.0);
  QCOMPARE(switches["back_to_recent_network"].toObject()["count"].toInt(), 1);
  const QJsonObject rss = json["rss_mib"].toObject();
  QCOMPARE(rss["first"].toDouble(), 400.0);
  QCOMPARE(rss["at_half_time"].toDouble(), 480.0);  // the first sample at or after 6.25 s
  QCOMPARE(rss["peak"].toDouble(), 480.0);
  QCOMPARE(rss["second_half_growth"].toDouble(), -10.0);
  QCOMPARE(rss["samples"].toArray().size(), 4);
  QVERIFY(!json.contains("soak"));
  QVERIFY(!json.contains("rss_after_tour_mib"));

  const QStringList lines = r.summary().split('\n');
  QCOMPARE(lines.size(), 6);
  QCOMPARE(lines[0], QStringLiteral("measure: 300 results shown in 12.5 s, 11 rebuilds, ok"));
  QVERIFY2(lines[1].contains("25.0 FPS shown; network 12.00 ms median"), qPrintable(lines[1]));
  QCOMPARE(lines[2],
           QStringLiteral("preprocessing + feature-map rendering: 4.00 ms = 10.0% of a frame"));
  QCOMPARE(lines[3], QStringLiteral("α/ρ moved to new network: live after 300 ms median, "
                                    "300 ms max (2 switches)"));
  QCOMPARE(lines[5], QStringLiteral("resident memory: 400 MiB first, 480 at half time, 470 last, "
                                    "480 peak"));
}

void TestMeterReport::soakReport() {
  MeterReport r;
  r.soakMode = true;
  r.failure = QStringLiteral("stalled: no result for 20 s");
  r.soak = MeterReport::Soak{51, 4, 7};
  r.rss = {{0, 100}, {60, 110}};
  r.rssAfterTour = {{60, 105}};
  r.heapAfterTour = {{60, 42.5}};
  const QJsonObject json = r.toJson();
  QCOMPARE(json["mode"].toString(), QStringLiteral("soak"));
  QVERIFY(!json["ok"].toBool());
  QCOMPARE(json["failure"].toString(), r.failure);
  QCOMPARE(json["soak"].toObject()["control_changes"].toInt(), 51);
  QCOMPARE(json["soak"].toObject()["seed"].toDouble(), 7.0);
  QCOMPARE(json["rss_after_tour_mib"].toArray()[0].toArray()[1].toDouble(), 105.0);
  QCOMPARE(json["heap_in_use_after_tour_mib"].toArray()[0].toArray()[1].toDouble(), 42.5);
  QVERIFY(!json.contains("steady"));
  QVERIFY(r.summary().startsWith(
      QStringLiteral("soak: 0 results shown in 0.0 s, 0 rebuilds, stalled: no result for 20 s")));
}

QTEST_GUILESS_MAIN(TestMeterReport)
#include "tst_meter_report.moc"
