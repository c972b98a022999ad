// SPDX-License-Identifier: GPL-3.0-or-later
// The window's small pieces on their own: number formatting, layer names across the
// separable/standard switch, the trade-off chart's published and interpolated accuracy, the
// colour map, the command line, the status bar's warnings, the frame rate shown, the network's
// thread count, and which source plays (the fall-back to the demo clip) with the line over it.
#include <QLabel>
#include <QSignalSpy>
#include <QtTest>

#include "mnl/paper.h"
#include "mnl/ui/color_map.h"
#include "mnl/ui/file_routing.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/frame_rate_meter.h"
#include "mnl/ui/network_threads.h"
#include "mnl/ui/next_work.h"
#include "mnl/ui/source_policy.h"
#include "mnl/ui/status_bar.h"
#include "mnl/ui/tradeoff_chart.h"

using namespace mnl;
using namespace mnl::ui;

Q_DECLARE_METATYPE(mnl::ui::WorkState)

class TestUiUnits : public QObject {
  Q_OBJECT

 private slots:
  void counts_data();
  void counts();
  void change_data();
  void change();
  void publishedAccuracy();
  void interpolatedAccuracy_data();
  void interpolatedAccuracy();
  void colourMapEnds();
  void nextWorkIsDecided_data();
  void nextWorkIsDecided();
  void filesAreRouted_data();
  void filesAreRouted();
  void statusWarnings_data();
  void statusWarnings();
  void statusSpeedIsTheMedian();
  void frameRate_data();
  void frameRate();
  void frameRateRestartsWithSource();
  void networkThreadCount_data();
  void networkThreadCount();
  void startingSource_data();
  void startingSource();
  void fallsBackToDemoClipOnce_data();
  void fallsBackToDemoClipOnce();
  void sourceLine_data();
  void sourceLine();
  void lostSourceKeepsLastFrame_data();
  void lostSourceKeepsLastFrame();
};

namespace {
const QString kDemoClip = QStringLiteral(MNL_RESOURCES_DIR "/demo/demo.avi");
const QString kHint =
    QStringLiteral("Open a video, image or folder from the File menu, or drop a file here.");
}  // namespace

void TestUiUnits::counts_data() {
  QTest::addColumn<double>("value");
  QTest::addColumn<QString>("text");
  QTest::newRow("569 M") << 568'740'000.0 << "569 M";
  QTest::newRow("4.23 M") << 4'231'976.0 << "4.23 M";
  QTest::newRow("14.0 M") << 13'960'000.0 << "14.0 M";
  QTest::newRow("4.87 G") << 4'866'000'000.0 << "4.87 G";
  QTest::newRow("12.3 k") << 12'345.0 << "12.3 k";
  QTest::newRow("512") << 512.0 << "512";
}

void TestUiUnits::counts() {
  QFETCH(double, value);
  QFETCH(QString, text);
  QCOMPARE(formatCount(value), text);
}

void TestUiUnits::change_data() {
  QTest::addColumn<double>("value");
  QTest::addColumn<double>("baseline");
  QTest::addColumn<QString>("text");
  QTest::newRow("equal") << 569.0 << 569.0 << "= 1.0/224";
  QTest::newRow("0.5/160") << 76.0 << 569.0 << "\u221287 % vs 1.0/224 (\u00d70.13)";
  QTest::newRow("standard") << 4866.0 << 569.0 << "+755 % vs 1.0/224 (\u00d78.55)";
  QTest::newRow("small change") << 574.0 << 569.0 << "+0.9 % vs 1.0/224 (\u00d71.01)";
}

void TestUiUnits::change() {
  QFETCH(double, value);
  QFETCH(double, baseline);
  QFETCH(QString, text);
  QCOMPARE(formatChange(value, baseline), text);
}

void TestUiUnits::publishedAccuracy() {
  // Every one of the 16 grid points reads back exactly as published.
  int points = 0;
  for (const paper::GridPoint& point : paper::accuracyGrid()) {
    bool exact = false;
    const auto top1 =
        estimatedTop1({point.alpha, point.resolution, 1000, ConvMode::Separable}, &exact);
    QVERIFY(top1.has_value());
    QVERIFY(exact);
    QCOMPARE(*top1, point.top1Percent);
    ++points;
  }
  QCOMPARE(points, 16);
  // Standard convolutions: only the paper's Conv MobileNet 1.0/224 (71.7 %).
  bool exact = false;
  QCOMPARE(estimatedTop1({1.0, 224, 1000, ConvMode::Standard}, &exact).value_or(0), 71.7);
  QVERIFY(exact);
  QVERIFY(!estimatedTop1({0.5, 160, 1000, ConvMode::Standard}).has_value());
}

void TestUiUnits::interpolatedAccuracy_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<bool>("inside");
  QTest::newRow("0.6/176 inside") << 0.6 << 176 << true;
  QTest::newRow("0.9/208 inside") << 0.9 << 208 << true;
  QTest::newRow("96 below the grid") << 0.5 << 96 << false;
  QTest::newRow("320 above the grid") << 1.0 << 320 << false;
}

void TestUiUnits::interpolatedAccuracy() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(bool, inside);
  bool exact = true;
  const auto top1 = estimatedTop1({alpha, resolution, 1000, ConvMode::Separable}, &exact);
  QCOMPARE(top1.has_value(), inside);
  if (!inside) return;
  QVERIFY(!exact);
  // Between the published accuracies of the surrounding grid points.
  double lo = 100, hi = 0;
  for (const paper::GridPoint& p : paper::accuracyGrid()) {
    const bool alphaNear = std::abs(p.alpha - alpha) <= 0.25 + 1e-9;
    const bool sizeNear = std::abs(p.resolution - resolution) <= 32;
    if (alphaNear && sizeNear) {
      lo = std::min(lo, p.top1Percent);
      hi = std::max(hi, p.top1Percent);
    }
  }
  QVERIFY2(*top1 >= lo && *top1 <= hi, qPrintable(QString::number(*top1)));
}

void TestUiUnits::colourMapEnds() {
  QCOMPARE(viridis(0.0f), qRgb(0x44, 0x01, 0x54));
  QCOMPARE(viridis(1.0f), qRgb(0xfd, 0xe7, 0x25));
  QCOMPARE(viridis(-3.0f), viridis(0.0f));
  const float values[4] = {0, 1, 2, 3};
  const QImage image = colourMap(values, 2, 0, 3);
  QCOMPARE(image.size(), QSize(2, 2));
  QCOMPARE(image.pixel(0, 0), viridis(0));
  QCOMPARE(image.pixel(1, 1), viridis(1));
}

// What the inference thread does next: each row is a state it can be in, and the answer.
void TestUiUnits::nextWorkIsDecided_data() {
  QTest::addColumn<WorkState>("state");
  QTest::addColumn<int>("action");
  QTest::addColumn<bool>("takeRequest");
  constexpr int run = int(NextWork::Action::Run), settle = int(NextWork::Action::WaitToSettle),
                wait = int(NextWork::Action::Wait);
  QTest::newRow("nothing given yet") << WorkState{} << wait << false;
  QTest::newRow("a frame before any settings")
      << WorkState{.frameWaiting = true} << wait << false;
  QTest::newRow("first frame: the first network at once")
      << WorkState{.haveSettings = true, .frameWaiting = true, .settingsChanged = true} << run
      << true;
  QTest::newRow("a frame, same network") << WorkState{.haveSettings = true, .configured = true,
                                                      .frameWaiting = true, .haveLastFrame = true}
                                         << run << true;
  QTest::newRow("slider moving, frame comes: old network")
      << WorkState{.haveSettings = true, .configured = true, .networkRequested = true,
                   .frameWaiting = true, .haveLastFrame = true, .settingsChanged = true}
      << run << false;
  QTest::newRow("slider moving, no frame: wait to settle")
      << WorkState{.haveSettings = true, .configured = true, .networkRequested = true,
                   .haveLastFrame = true, .settingsChanged = true}
      << settle << false;
  QTest::newRow("slider rested, no frame: re-run the last with the new network")
      << WorkState{.haveSettings = true, .configured = true, .networkRequested = true,
                   .quietLongEnough = true, .haveLastFrame = true, .settingsChanged = true}
      << run << true;
  QTest::newRow("layer changed (same network), no frame: re-run at once")
      << WorkState{.haveSettings = true, .configured = true, .haveLastFrame = true,
                   .settingsChanged = true}
      << run << true;
  QTest::newRow("settings changed but no frame ever: wait")
      << WorkState{.haveSettings = true, .configured = true, .settingsChanged = true} << wait
      << false;
  QTest::newRow("profile asked, a last frame") << WorkState{.haveSettings = true,
                                                            .configured = true,
                                                            .haveLastFrame = true,
                                                            .profileRequested = true}
                                               << run << true;
  QTest::newRow("profile asked, no frame ever")
      << WorkState{.haveSettings = true, .configured = true, .profileRequested = true} << wait
      << false;
  QTest::newRow("held (the sweep measures): a frame waits")
      << WorkState{.haveSettings = true, .configured = true, .frameWaiting = true,
                   .haveLastFrame = true, .held = true}
      << wait << false;
  QTest::newRow("held: a slider moved waits too")
      << WorkState{.haveSettings = true, .configured = true, .networkRequested = true,
                   .quietLongEnough = true, .haveLastFrame = true, .settingsChanged = true,
                   .held = true}
      << wait << false;
  QTest::newRow("idle: nothing new") << WorkState{.haveSettings = true, .configured = true,
                                                  .haveLastFrame = true}
                                     << wait << false;
}

void TestUiUnits::nextWorkIsDecided() {
  QFETCH(WorkState, state);
  QFETCH(int, action);
  QFETCH(bool, takeRequest);
  const NextWork next = nextWork(state);
  QCOMPARE(int(next.action), action);
  QCOMPARE(next.takeRequest, takeRequest);
}

// Files given at once: the first source and the first weights file are used, the rest named in
// the order given. Weights here are the names ending in .pth (the window asks the file itself).
void TestUiUnits::filesAreRouted_data() {
  QTest::addColumn<QStringList>("files");
  QTest::addColumn<bool>("sourceTaken");
  QTest::addColumn<QString>("source");
  QTest::addColumn<QString>("weights");
  QTest::addColumn<QStringList>("ignored");
  QTest::addColumn<QString>("said");
  QTest::newRow("nothing") << QStringList{} << false << "" << "" << QStringList{} << "";
  QTest::newRow("one picture") << QStringList{"/p/a.jpg"} << false << "/p/a.jpg" << ""
                               << QStringList{} << "opened a.jpg";
  QTest::newRow("one of each, weights first")
      << QStringList{"/m/w.pth", "/p/a.jpg"} << false << "/p/a.jpg" << "/m/w.pth"
      << QStringList{} << "opened a.jpg; loading weights w.pth";
  QTest::newRow("two of each")
      << QStringList{"/p/a.jpg", "/m/w.pth", "/p/b.jpg", "/m/v.pth"} << false << "/p/a.jpg"
      << "/m/w.pth" << QStringList{"/p/b.jpg", "/m/v.pth"}
      << "opened a.jpg; loading weights w.pth; one source and one weights file at a time, not "
         "opened: b.jpg, v.pth";
  QTest::newRow("--source given: every other source is left")
      << QStringList{"/p/a.jpg", "/m/w.pth"} << true << "" << "/m/w.pth"
      << QStringList{"/p/a.jpg"}
      << "loading weights w.pth; one source and one weights file at a time, not opened: a.jpg";
  QTest::newRow("a folder with a trailing slash keeps its name")
      << QStringList{"/photos/"} << false << "/photos/" << "" << QStringList{}
      << "opened /photos/";
}

void TestUiUnits::filesAreRouted() {
  QFETCH(QStringList, files);
  QFETCH(bool, sourceTaken);
  QFETCH(QString, source);
  QFETCH(QString, weights);
  QFETCH(QStringList, ignored);
  QFETCH(QString, said);
  const FileRoute route = routeFiles(
      files, [](const QString& file) { return file.endsWith(QLatin1String(".pth")); },
      sourceTaken);
  QCOMPARE(route.source, source);
  QCOMPARE(route.weights, weights);
  QCOMPARE(route.ignored, ignored);
  QCOMPARE(describeRoute(route), said);
}

// The status bar's warnings by topic: each stands until something of its kind succeeds, and the
// line shows the newest one still standing. Steps: "+topic:text" sets, "-topic" clears.
void TestUiUnits::statusWarnings_data() {
  QTest::addColumn<QStringList>("steps");
  QTest::addColumn<QString>("shown");
  QTest::addColumn<QString>("tooltip");
  QTest::newRow("one warning") << QStringList{"+source:Could not open a.mp4"}
                               << "Could not open a.mp4" << "Could not open a.mp4";
  QTest::newRow("cleared by its topic")
      << QStringList{"+source:Could not open a.mp4", "-source"} << "" << "";
  QTest::newRow("not cleared by another topic")
      << QStringList{"+source:Could not open a.mp4", "-engine", "-file"}
      << "Could not open a.mp4" << "Could not open a.mp4";
  QTest::newRow("newest shown, older in the tooltip")
      << QStringList{"+device:CUDA asked for, none found: the CPU runs", "+file:Could not write x"}
      << "Could not write x" << "Could not write x\nCUDA asked for, none found: the CPU runs";
  QTest::newRow("older comes back when the newer clears")
      << QStringList{"+device:no CUDA", "+engine:Inference failed: x", "-engine"} << "no CUDA"
      << "no CUDA";
  QTest::newRow("same topic replaces, and moves to the front")
      << QStringList{"+source:first", "+layer:no layer pw14", "+source:second"} << "second"
      << "second\nno layer pw14";
  QTest::newRow("empty text clears") << QStringList{"+layer:no layer pw14", "+layer:"} << ""
                                     << "";
}

void TestUiUnits::statusWarnings() {
  QFETCH(QStringList, steps);
  QFETCH(QString, shown);
  QFETCH(QString, tooltip);
  const QMap<QString, StatusBar::Topic> topics{{"device", StatusBar::Topic::Device},
                                               {"engine", StatusBar::Topic::Engine},
                                               {"source", StatusBar::Topic::Source},
                                               {"layer", StatusBar::Topic::Layer},
                                               {"file", StatusBar::Topic::File}};
  StatusBar bar;
  for (const QString& step : steps) {
    const QString rest = step.mid(1);
    if (step.startsWith('+'))
      bar.setWarning(topics.value(rest.section(':', 0, 0)), rest.section(':', 1));
    else
      bar.clearWarning(topics.value(rest));
  }
  QCOMPARE(bar.warningText(), shown);
  QCOMPARE(bar.findChild<QLabel*>(QStringLiteral("warningLabel"))->toolTip(), tooltip);
}

// The status bar's network time is the median of the last frames, named so (the live view shows
// the newest frame's own time); it is redrawn at most every 250 ms, yet counts every frame.
void TestUiUnits::statusSpeedIsTheMedian() {
  StatusBar bar;
  bar.setSpeed(10.0, 20.0, 0);
  QCOMPARE(bar.speedText(), QStringLiteral("network median %1 · 20 FPS").arg(formatMs(10.0)));
  bar.setSpeed(40.0, 20.0, 0);  // counted, not yet shown
  QCOMPARE(bar.speedText(), QStringLiteral("network median %1 · 20 FPS").arg(formatMs(10.0)));
  QTest::qWait(300);
  bar.setSpeed(20.0, 20.0, 0);
  QCOMPARE(bar.speedText(), QStringLiteral("network median %1 · 20 FPS").arg(formatMs(20.0)));
}

// Frames shown at the given intervals (ms) after a first one: the rate shown, smoothed with
// weight 0.1 per frame.
void TestUiUnits::frameRate_data() {
  QTest::addColumn<QList<int>>("intervalsMs");
  QTest::addColumn<double>("perSecond");
  QTest::newRow("one frame: no rate yet") << QList<int>{} << 0.0;
  QTest::newRow("first interval sets it") << QList<int>{40} << 25.0;
  QTest::newRow("steady 10/s") << QList<int>{100, 100, 100, 100} << 10.0;
  QTest::newRow("one faster frame moves it a tenth") << QList<int>{100, 50} << 11.0;
  QTest::newRow("one slower frame") << QList<int>{100, 200} << 9.5;
  QTest::newRow("slowing down") << QList<int>{50, 100, 200} << 17.6;
  QTest::newRow("same millisecond counts as 1 ms") << QList<int>{0} << 1000.0;
}

void TestUiUnits::frameRate() {
  QFETCH(QList<int>, intervalsMs);
  QFETCH(double, perSecond);
  FrameRateMeter meter;
  auto t = FrameRateMeter::Clock::time_point{} + std::chrono::hours(1);
  QCOMPARE(meter.frameShown(t), 0.0);
  double shown = 0;
  for (int ms : intervalsMs) shown = meter.frameShown(t += std::chrono::milliseconds(ms));
  QCOMPARE(shown, perSecond);
  QCOMPARE(meter.perSecond(), perSecond);
}

void TestUiUnits::frameRateRestartsWithSource() {
  FrameRateMeter meter;
  auto t = FrameRateMeter::Clock::time_point{} + std::chrono::hours(1);
  meter.frameShown(t);
  meter.frameShown(t += std::chrono::milliseconds(20));
  QCOMPARE(meter.perSecond(), 50.0);
  // A new source: its first frame gives no rate, its second sets it afresh (no 50/s left in it).
  meter.restart();
  QCOMPARE(meter.perSecond(), 0.0);
  QCOMPARE(meter.frameShown(t += std::chrono::seconds(3)), 0.0);
  QCOMPARE(meter.frameShown(t += std::chrono::milliseconds(250)), 4.0);
}

void TestUiUnits::networkThreadCount_data() {
  QTest::addColumn<int>("requested");
  QTest::addColumn<int>("ideal");
  QTest::addColumn<int>("threads");
  QTest::newRow("16 cores: one left for capture and drawing") << 0 << 16 << 15;
  QTest::newRow("2 cores") << 0 << 2 << 1;
  QTest::newRow("1 core: still one") << 0 << 1 << 1;
  QTest::newRow("core count unknown") << 0 << 0 << 1;
  QTest::newRow("--threads 4 on 16 cores") << 4 << 16 << 4;
  QTest::newRow("--threads 8 on 2 cores: as asked") << 8 << 2 << 8;
}

void TestUiUnits::networkThreadCount() {
  QFETCH(int, requested);
  QFETCH(int, ideal);
  QFETCH(int, threads);
  QCOMPARE(networkThreads(requested, ideal), threads);
}

void TestUiUnits::startingSource_data() {
  QTest::addColumn<QString>("commandLine");
  QTest::addColumn<QString>("lastSession");
  QTest::addColumn<QList<int>>("cameras");
  QTest::addColumn<QString>("starts");
  const QString photo = QStringLiteral(MNL_TEST_DATA_DIR "/parrot.jpg");
  QTest::newRow("command line first") << "clip.mp4" << "0" << QList<int>{0} << "clip.mp4";
  QTest::newRow("last camera still plugged in") << "" << "2" << QList<int>{0, 2} << "2";
  QTest::newRow("last camera by device") << "" << "/dev/video2" << QList<int>{2}
                                         << "/dev/video2";
  QTest::newRow("last camera gone: first camera") << "" << "2" << QList<int>{0} << "0";
  QTest::newRow("last file still there") << "" << photo << QList<int>{0} << photo;
  QTest::newRow("last file gone, no camera: demo clip")
      << "" << "/nonexistent/holiday.mp4" << QList<int>{} << kDemoClip;
  QTest::newRow("nothing saved, a camera") << "" << "" << QList<int>{1, 3} << "1";
  QTest::newRow("nothing saved, no camera") << "" << "" << QList<int>{} << kDemoClip;
}

void TestUiUnits::startingSource() {
  QFETCH(QString, commandLine);
  QFETCH(QString, lastSession);
  QFETCH(QList<int>, cameras);
  QFETCH(QString, starts);
  std::vector<CameraInfo> present;
  for (int index : cameras)
    present.push_back({index, "/dev/video" + std::to_string(index), "test camera"});
  QCOMPARE(SourcePolicy::startingSource(commandLine, lastSession, present, kDemoClip), starts);
}

// A source that cannot be opened: the warning says why, the demo clip plays instead and the line
// over it names what failed; the warning stands while the demo clip plays. A second failure in
// the same window does not fall back again.
void TestUiUnits::fallsBackToDemoClipOnce_data() {
  QTest::addColumn<QString>("source");
  QTest::addColumn<QString>("message");
  QTest::addColumn<QString>("warning");
  QTest::addColumn<QString>("named");
  QTest::newRow("missing file") << "/nonexistent/holiday.mp4" << ""
                                << "Could not open /nonexistent/holiday.mp4"
                                << "/nonexistent/holiday.mp4";
  QTest::newRow("camera by index") << "57" << "camera 57 is busy" << "camera 57 is busy"
                                   << "camera 57";
  QTest::newRow("camera by device") << "/dev/video9" << "" << "Could not open /dev/video9"
                                    << "camera /dev/video9";
}

void TestUiUnits::fallsBackToDemoClipOnce() {
  QFETCH(QString, source);
  QFETCH(QString, message);
  QFETCH(QString, warning);
  QFETCH(QString, named);
  SourcePolicy policy(kDemoClip.toStdString(), [] { return false; });
  QSignalSpy opens(&policy, &SourcePolicy::openRequested);
  QSignalSpy lines(&policy, &SourcePolicy::lineChanged);
  QSignalSpy warnings(&policy, &SourcePolicy::warningChanged);

  policy.choose(source);
  QCOMPARE(opens.size(), 1);
  QCOMPARE(opens.takeFirst().at(0).toString(), source);
  QCOMPARE(lines.takeLast().at(0).toString(), QStringLiteral("opening %1\u2026").arg(source));

  policy.onFailed(source, message);
  QCOMPARE(warnings.size(), 1);
  QCOMPARE(warnings.takeFirst().at(0).toString(), warning);
  QCOMPARE(opens.size(), 1);
  QCOMPARE(opens.takeFirst().at(0).toString(), kDemoClip);

  policy.onOpened(kDemoClip, "demo.avi", "video", 15);
  QCOMPARE(policy.current(), kDemoClip);
  QCOMPARE(lines.takeLast().at(0).toString(),
           QStringLiteral("Could not open %1 \u2014 playing the bundled demo clip (demo.avi) "
                          "instead. %2")
               .arg(named, kHint));
  QCOMPARE(warnings.size(), 0);  // the warning that says why stands

  // Once per window: the next failure leaves no source rather than looping on the demo clip.
  policy.choose(QStringLiteral("/nonexistent/second.mp4"));
  policy.onFailed(QStringLiteral("/nonexistent/second.mp4"), QStringLiteral("no such file"));
  QCOMPARE(opens.size(), 1);
  QCOMPARE(opens.takeFirst().at(0).toString(), QStringLiteral("/nonexistent/second.mp4"));
  QCOMPARE(lines.takeLast().at(0).toString(), QStringLiteral("No source: no such file"));
  QCOMPARE(warnings.takeLast().at(0).toString(), QStringLiteral("no such file"));
  QCOMPARE(policy.current(), kDemoClip);  // nothing else opened
}

// The line over the picture once a source chosen by the person opens; a source that opens
// clears the source warning.
void TestUiUnits::sourceLine_data() {
  QTest::addColumn<QString>("spec");
  QTest::addColumn<QString>("name");
  QTest::addColumn<QString>("kind");
  QTest::addColumn<double>("fps");
  QTest::addColumn<bool>("cameraPresent");
  QTest::addColumn<QString>("line");
  QTest::newRow("photo") << "/photos/parrot.jpg" << "parrot.jpg" << "image" << 0.0 << true
                         << "image: parrot.jpg";
  QTest::newRow("video at 30/s") << "/videos/street.mp4" << "street.mp4" << "video" << 29.97
                                 << true << "video: street.mp4 \u00b7 30 frames/s";
  QTest::newRow("video under 10/s") << "/videos/slow.mp4" << "slow.mp4" << "video" << 7.5 << true
                                    << "video: slow.mp4 \u00b7 7.5 frames/s";
  QTest::newRow("demo clip chosen") << kDemoClip << "demo.avi" << "video" << 15.0 << true
                                    << "demo clip demo.avi (bundled) \u00b7 15 frames/s";
  QTest::newRow("demo clip, no camera")
      << kDemoClip << "demo.avi" << "video" << 15.0 << false
      << QStringLiteral("No camera found \u2014 playing the bundled demo clip (demo.avi). %1")
             .arg(kHint);
}

void TestUiUnits::sourceLine() {
  QFETCH(QString, spec);
  QFETCH(QString, name);
  QFETCH(QString, kind);
  QFETCH(double, fps);
  QFETCH(bool, cameraPresent);
  QFETCH(QString, line);
  SourcePolicy policy(kDemoClip.toStdString(), [cameraPresent] { return cameraPresent; });
  QSignalSpy lines(&policy, &SourcePolicy::lineChanged);
  QSignalSpy warnings(&policy, &SourcePolicy::warningChanged);
  QSignalSpy opened(&policy, &SourcePolicy::opened);
  policy.choose(spec);
  policy.onOpened(spec, name, kind, fps);
  QCOMPARE(lines.takeLast().at(0).toString(), line);
  QCOMPARE(warnings.size(), 1);
  QCOMPARE(warnings.takeFirst().at(0).toString(), QString());
  QCOMPARE(opened.size(), 1);
  QCOMPARE(opened.at(0).at(0).toString(), spec);
  QCOMPARE(policy.current(), spec);
  QVERIFY(!policy.still());
}

// A source that stops mid-way is not replaced by the demo clip: its last frame stays, and the
// line says how to get it back.
void TestUiUnits::lostSourceKeepsLastFrame_data() {
  QTest::addColumn<QString>("spec");
  QTest::addColumn<QString>("name");
  QTest::addColumn<QString>("message");
  QTest::addColumn<QString>("line");
  QTest::addColumn<QString>("warning");
  QTest::newRow("camera unplugged")
      << "0" << "HD Webcam" << "the camera stopped answering"
      << "HD Webcam stopped: the camera stopped answering \u2014 showing the last frame. Plug it "
         "back in and choose it from Source \u203a Camera, or open another source."
      << "the camera stopped answering";
  QTest::newRow("file cut short")
      << "/videos/street.mp4" << "street.mp4" << ""
      << "street.mp4 stopped: no more frames \u2014 showing the last frame. Open it again or "
         "another source from the File menu."
      << "street.mp4 stopped";
}

void TestUiUnits::lostSourceKeepsLastFrame() {
  QFETCH(QString, spec);
  QFETCH(QString, name);
  QFETCH(QString, message);
  QFETCH(QString, line);
  QFETCH(QString, warning);
  SourcePolicy policy(kDemoClip.toStdString(), [] { return true; });
  policy.choose(spec);
  policy.onOpened(spec, name, "camera", 30);
  QSignalSpy opens(&policy, &SourcePolicy::openRequested);
  QSignalSpy lines(&policy, &SourcePolicy::lineChanged);
  QSignalSpy warnings(&policy, &SourcePolicy::warningChanged);
  QSignalSpy lost(&policy, &SourcePolicy::lost);
  policy.onLost(spec, name, message);
  QCOMPARE(opens.size(), 0);
  QCOMPARE(lines.takeLast().at(0).toString(), line);
  QCOMPARE(warnings.takeLast().at(0).toString(), warning);
  QCOMPARE(lost.size(), 1);
  QCOMPARE(lost.at(0).at(0).toString(), QStringLiteral("%1 lost \u2014 last frame").arg(name));
  QVERIFY(policy.still());
  QCOMPARE(policy.current(), spec);
}

QTEST_MAIN(TestUiUnits)
#include "tst_ui_units.moc"
