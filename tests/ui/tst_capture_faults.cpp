// SPDX-License-Identifier: GPL-3.0-or-later
// A camera that is busy, one unplugged mid-stream, and sources that hang in open() or in a
// video's loop seek: the app says what happened, keeps the last frame, takes another source
// without a restart, and closes within a second whatever the source is doing. There is no real
// camera on the test machines: fake FrameSources are handed in through the source factory.
#include <QElapsedTimer>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QtTest>
#include <atomic>
#include <chrono>
#include <opencv2/core.hpp>
#include <thread>

#include "mnl/media/open_source.h"
#include "mnl/media/source_worker.h"
#include "mnl/ui/capture_thread.h"
#include "mnl/ui/frame_view.h"
#include "mnl/ui/inference_thread.h"
#include "mnl/ui/live_view.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/metatypes.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/status_bar.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;
using namespace std::chrono_literals;

namespace {
constexpr int kTimeoutMs = 120'000;
constexpr int kCloseBoundMs = 1000;
constexpr int kSlowMs = 5000;  // a camera open or a seek that hangs this long

// What the fakes did, shared with them across threads (an abandoned one outlives the test step).
struct FakeLog {
  std::atomic<int> created{0};
  std::atomic<int> destroyed{0};
  std::atomic<int> opening{0};     // inside open() now
  std::atomic<int> restarting{0};  // inside restart() now
};

struct Script {
  bool live = true;  // a camera; otherwise a looping video
  SourceStatus openStatus = SourceStatus::Ok;
  std::string openMessage;
  int openDelayMs = 0;
  int framesBeforeLoss = -1;  // then read() answers lossStatus; -1: never
  SourceStatus lossStatus = SourceStatus::Disconnected;
  std::string lossMessage;
  int loopAfterFrames = -1;  // a video: read() seeks back to the start (restart()) after these
  int restartDelayMs = 0;
  int gray = 100;  // the frames' pixel value, to tell sources apart
};

class FakeSource : public FrameSource {
 public:
  FakeSource(std::string name, Script script, std::shared_ptr<FakeLog> log)
      : name_(std::move(name)), script_(std::move(script)), log_(std::move(log)) {
    log_->created.fetch_add(1);
  }
  ~FakeSource() override { log_->destroyed.fetch_add(1); }

  SourceResult open() override {
    log_->opening.fetch_add(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(script_.openDelayMs));
    log_->opening.fetch_sub(1);
    SourceResult r;
    r.status = script_.openStatus;
    r.message = script_.openMessage;
    r.item = name_;
    return remember(r);
  }

  SourceResult read(cv::Mat& bgr) override {
    if (script_.live) std::this_thread::sleep_for(20ms);  // a camera's frame interval
    if (script_.framesBeforeLoss >= 0 && frames_ >= script_.framesBeforeLoss) {
      SourceResult r;
      r.status = script_.lossStatus;
      r.message = script_.lossMessage;
      r.item = name_;
      return remember(r);
    }
    if (script_.loopAfterFrames >= 0 && sinceStart_ >= script_.loopAfterFrames) {
      const SourceResult r = restart();  // what a looping video does at its end
      if (!r.ok()) return r;
    }
    bgr.create(48, 64, CV_8UC3);
    bgr.setTo(cv::Scalar::all(script_.gray));
    SourceResult r;
    r.status = SourceStatus::Ok;
    r.item = name_;
    r.index = frames_++;
    ++sinceStart_;
    return remember(r);
  }

  SourceResult restart() override {
    log_->restarting.fetch_add(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(script_.restartDelayMs));
    log_->restarting.fetch_sub(1);
    sinceStart_ = 0;
    SourceResult r;
    r.status = SourceStatus::Ok;
    r.item = name_;
    return remember(r);
  }

  SourceKind kind() const override {
    return script_.live ? SourceKind::Camera : SourceKind::VideoFile;
  }
  std::string name() const override { return name_; }
  bool isLive() const override { return script_.live; }
  double frameRate() const override { return script_.live ? 0.0 : 30.0; }
  cv::Size frameSize() const override { return {64, 48}; }

 private:
  std::string name_;
  Script script_;
  std::shared_ptr<FakeLog> log_;
  int frames_ = 0;
  int sinceStart_ = 0;
};

// "fake:<name>" opens a fake with `first` the first time and `later` afterwards (a camera that
// is re-plugged comes back healthy); any other spec is a real source (the demo clip, a photo).
SourceFactory fakeFactory(std::shared_ptr<FakeLog> log, Script first,
                          std::optional<Script> later = std::nullopt) {
  auto opens = std::make_shared<std::atomic<int>>(0);
  return [log, first, later, opens](const std::string& spec,
                                    const SourceOptions& options) -> std::unique_ptr<FrameSource> {
    if (spec.rfind("fake:", 0) != 0) return mnl::openSource(spec, options);
    const bool again = opens->fetch_add(1) > 0;
    auto source =
        std::make_unique<FakeSource>(spec.substr(5), again && later ? *later : first, log);
    source->open();
    return source;
  };
}

// CaptureThread's signals, recorded on the test thread (QSignalSpy is not thread-safe in Qt 6.4
// and these are emitted on the capture thread: queued connections bring them here).
struct Recorder : QObject {
  QStringList failed, lost, opened, ended;
  int captured = 0;
  int total() const {
    return failed.size() + lost.size() + opened.size() + ended.size() + captured;
  }
  void attach(CaptureThread& capture) {
    connect(
        &capture, &CaptureThread::sourceFailed, this,
        [this](const QString& spec, const QString& message) { failed << spec + "|" + message; });
    connect(&capture, &CaptureThread::sourceLost, this,
            [this](const QString& spec, const QString& name, const QString& message) {
              lost << spec + "|" + name + "|" + message;
            });
    connect(&capture, &CaptureThread::sourceOpened, this,
            [this](const QString& spec) { opened << spec; });
    connect(&capture, &CaptureThread::sourceEnded, this,
            [this](const QString& name) { ended << name; });
    connect(&capture, &CaptureThread::frameCaptured, this, [this] { ++captured; });
  }
};

QString sourceLine(const MainWindow& window) {
  return window.liveView()->findChild<QLabel*>(QStringLiteral("sourceLabel"))->text();
}

// Closes and destroys the window; returns how long that took.
qint64 closeAndDestroy(std::unique_ptr<MainWindow>& window) {
  QElapsedTimer clock;
  clock.start();
  window->close();
  window.reset();
  return clock.elapsed();
}
}  // namespace

class TestCaptureFaults : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { registerMetatypes(); }
  // A test that stops a capture may leave its worker in a call (a fake camera's 20 ms read, a
  // 5 s open): each test starts with none, so the counts below are its own.
  void cleanup() { QTRY_COMPARE_WITH_TIMEOUT(SourceWorker::abandoned(), 0, kSlowMs + 5000); }
  void openFailureIsReported_data();
  void openFailureIsReported();
  void unpluggedCameraIsReportedAndReopens();
  void stopDuringSlowOpenAbandonsIt();
  void windowKeepsLastFrameWhenUnplugged_data();
  void windowKeepsLastFrameWhenUnplugged();
  void windowClosesPromptly_data();
  void windowClosesPromptly();
  void skippedFilesAreReported();
};

// A folder with a file named like a photo that is not one: the slide show goes on over it and
// the status bar names it.
void TestCaptureFaults::skippedFilesAreReported() {
  QTemporaryDir folder;
  QVERIFY(folder.isValid());
  QVERIFY(QFile::copy(test::testData("parrot.jpg"), folder.filePath("a.jpg")));
  QFile junk(folder.filePath("b.jpg"));
  QVERIFY(junk.open(QIODevice::WriteOnly));
  junk.write(QByteArray(4000, 'x'));
  junk.close();
  MainWindow window(test::launchOptions(folder.path(), 0.25, 128));
  window.show();
  QTRY_VERIFY_WITH_TIMEOUT(window.statusLine()->warningText() ==
                               folder.filePath("b.jpg") +
                                   " is not an image OpenCV can decode; skipped",
                           kTimeoutMs);
  QVERIFY(window.resultsShown() >= 1);  // a.jpg was shown first
  QVERIFY(window.close());
}

void TestCaptureFaults::openFailureIsReported_data() {
  QTest::addColumn<int>("status");
  QTest::addColumn<QString>("message");
  QTest::newRow("busy camera") << int(SourceStatus::Unavailable)
                               << "Camera 9 is busy: another program is using it";
  QTest::newRow("absent camera") << int(SourceStatus::NotFound) << "There is no camera 9";
}

void TestCaptureFaults::openFailureIsReported() {
  QFETCH(int, status);
  QFETCH(QString, message);
  auto log = std::make_shared<FakeLog>();
  Script script;
  script.openStatus = static_cast<SourceStatus>(status);
  script.openMessage = message.toStdString();
  std::atomic<int> sunk{0};
  Recorder record;
  {
    CaptureThread capture([&sunk](const Frame&) { sunk.fetch_add(1); }, fakeFactory(log, script));
    record.attach(capture);
    capture.openSource(QStringLiteral("fake:cam9"));
    QTRY_COMPARE_WITH_TIMEOUT(record.failed.size(), 1, 5000);
    QCOMPARE(record.failed.front(), QStringLiteral("fake:cam9|") + message);
  }
  QCOMPARE(record.opened.size(), 0);
  QCOMPARE(sunk.load(), 0);
  // The failed source was not kept.
  QCOMPARE(log->destroyed.load(), log->created.load());
}

void TestCaptureFaults::unpluggedCameraIsReportedAndReopens() {
  auto log = std::make_shared<FakeLog>();
  Script unplugged;
  unplugged.framesBeforeLoss = 6;
  unplugged.lossMessage = "Camera 7 stopped delivering frames (unplugged?)";
  Script healthy;
  healthy.gray = 200;
  std::atomic<int> sunk{0};
  Recorder record;
  CaptureThread capture([&sunk](const Frame&) { sunk.fetch_add(1); },
                        fakeFactory(log, unplugged, healthy));
  record.attach(capture);
  capture.openSource(QStringLiteral("fake:Camera 7"));
  QTRY_COMPARE_WITH_TIMEOUT(record.lost.size(), 1, 5000);
  QCOMPARE(
      record.lost.front(),
      QStringLiteral("fake:Camera 7|Camera 7|Camera 7 stopped delivering frames (unplugged?)"));
  QCOMPARE(record.failed.size(), 0);
  // Exactly the frames it gave before the loss, and it stops asking the dead camera for more.
  QCOMPARE(sunk.load(), 6);
  QTest::qWait(200);
  QCOMPARE(sunk.load(), 6);
  // The lost camera is let go at once (so the device is free when it is plugged back in).
  QCOMPARE(log->destroyed.load(), 1);

  // Re-plugged: choosing it again works, without a new capture thread.
  capture.openSource(QStringLiteral("fake:Camera 7"));
  QTRY_COMPARE_WITH_TIMEOUT(record.opened.size(), 2, 5000);
  QTRY_VERIFY_WITH_TIMEOUT(sunk.load() >= 16, 5000);
  QCOMPARE(record.lost.size(), 1);
}

void TestCaptureFaults::stopDuringSlowOpenAbandonsIt() {
  auto log = std::make_shared<FakeLog>();
  Script slow;
  slow.openDelayMs = kSlowMs;
  std::atomic<int> sunk{0};
  Recorder record;
  QElapsedTimer clock;
  {
    CaptureThread capture([&sunk](const Frame&) { sunk.fetch_add(1); }, fakeFactory(log, slow));
    record.attach(capture);
    capture.openSource(QStringLiteral("fake:slow"));
    QTRY_COMPARE_WITH_TIMEOUT(log->opening.load(), 1, 5000);
    clock.start();
  }  // ~CaptureThread: lets go of the worker
  const qint64 joinMs = clock.elapsed();
  qInfo("stop during a %d ms open: %lld ms", kSlowMs, static_cast<long long>(joinMs));
  QVERIFY2(joinMs < 500, qPrintable(QString::number(joinMs)));
  // The open goes on without us; the worker's thread frees the source when open() returns.
  QCOMPARE(SourceWorker::abandoned(), 1);
  QCOMPARE(log->destroyed.load(), 0);
  QTRY_COMPARE_WITH_TIMEOUT(log->destroyed.load(), 1, kSlowMs + 5000);
  QTRY_COMPARE_WITH_TIMEOUT(SourceWorker::abandoned(), 0, 1000);
  // The open succeeded, but after the stop: nothing was reported and nothing was sunk.
  QTest::qWait(100);  // deliver anything queued
  QCOMPARE(record.total(), 0);
  QCOMPARE(sunk.load(), 0);
}

void TestCaptureFaults::windowKeepsLastFrameWhenUnplugged_data() {
  QTest::addColumn<bool>("replug");
  QTest::newRow("camera plugged back in") << true;
  QTest::newRow("another source chosen") << false;
}

void TestCaptureFaults::windowKeepsLastFrameWhenUnplugged() {
  QFETCH(bool, replug);
  auto log = std::make_shared<FakeLog>();
  Script unplugged;
  unplugged.framesBeforeLoss = 100;  // 2 s of frames
  unplugged.lossMessage = "Camera 7 stopped delivering frames (unplugged?)";
  Script healthy;
  healthy.gray = 200;
  WindowOptions options = test::launchOptions(QStringLiteral("fake:Camera 7"), 0.25, 128);
  options.sourceFactory = fakeFactory(log, unplugged, healthy);
  auto window = std::make_unique<MainWindow>(options);
  QSignalSpy shown(window.get(), &MainWindow::resultShown);
  QSignalSpy changed(window.get(), &MainWindow::sourceChanged);
  window->show();
  QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, kTimeoutMs);
  QTRY_VERIFY_WITH_TIMEOUT(sourceLine(*window).contains(QStringLiteral("stopped")), 10'000);
  QCOMPARE(log->created.load(), 1);

  // It says so: over the picture, in the line above it and in the status bar.
  QVERIFY2(sourceLine(*window).contains(
               QStringLiteral("Camera 7 stopped delivering frames (unplugged?)")),
           qPrintable(sourceLine(*window)));
  QCOMPARE(window->statusLine()->warningText(),
           QStringLiteral("Camera 7 stopped delivering frames (unplugged?)"));
  const FrameView* view = window->liveView()->frameView();
  QVERIFY2(view->overlay().contains(QStringLiteral("lost")), qPrintable(view->overlay()));
  // And keeps the last frame: the camera's gray picture, not the demo clip it could fall to.
  QTest::qWait(300);
  QCOMPARE(view->image().size(), QSize(64, 48));
  QCOMPARE(qGray(view->image().pixel(10, 10)), 100);
  QCOMPARE(window->currentSource(), QStringLiteral("fake:Camera 7"));
  QCOMPARE(changed.count(), 1);  // only the first opening

  const QString next = replug ? QStringLiteral("fake:Camera 7") : test::testData("parrot.jpg");
  const int before = shown.count();
  window->openSource(next);
  QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 10'000);
  QCOMPARE(window->currentSource(), next);
  QTRY_VERIFY_WITH_TIMEOUT(shown.count() > before, kTimeoutMs);
  QVERIFY2(view->overlay().isEmpty(), qPrintable(view->overlay()));
  if (replug) {
    // The camera's new frames (gray 200), and more of them: it plays again.
    QTRY_COMPARE_WITH_TIMEOUT(qGray(view->image().pixel(10, 10)), 200, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() > before + 3, kTimeoutMs);
    QCOMPARE(log->created.load(), 2);
  } else {
    QTRY_VERIFY_WITH_TIMEOUT(view->image().size() != QSize(64, 48), kTimeoutMs);
    QCOMPARE(log->created.load(), 1);
  }
  window.reset();
  // A read in progress at the close is freed by its own thread a frame later.
  QTRY_COMPARE_WITH_TIMEOUT(log->destroyed.load(), log->created.load(), 1000);
}

void TestCaptureFaults::windowClosesPromptly_data() {
  QTest::addColumn<QString>("situation");
  QTest::addColumn<int>("waitMs");  // after the slider move, before the close
  QTest::newRow("during a 5 s camera open") << "open" << 0;
  QTest::newRow("during a 5 s loop seek") << "seek" << 0;
  QTest::newRow("right after a slider move") << "rebuild" << 0;
  QTest::newRow("during the rebuild") << "rebuild" << 200;
  QTest::newRow("just after the rebuild") << "rebuild" << 400;
  // -1: as soon as the new network has run once, when its layers are being timed.
  QTest::newRow("during the timed pass after it") << "rebuild" << -1;
}

void TestCaptureFaults::windowClosesPromptly() {
  QFETCH(QString, situation);
  QFETCH(int, waitMs);
  auto log = std::make_shared<FakeLog>();
  Script script;
  if (situation == QLatin1String("open")) {
    script.openDelayMs = kSlowMs;
  } else if (situation == QLatin1String("seek")) {
    script.live = false;  // a 30 frames/s video that takes seconds to seek back to its start
    script.loopAfterFrames = 60;
    script.restartDelayMs = kSlowMs;
  }
  WindowOptions options = test::launchOptions(QStringLiteral("fake:source"), 0.5, 160);
  options.sourceFactory = fakeFactory(log, script);
  auto window = std::make_unique<MainWindow>(options);
  QSignalSpy shown(window.get(), &MainWindow::resultShown);
  window->show();
  bool abandons = true;
  if (situation == QLatin1String("open")) {
    QTRY_COMPARE_WITH_TIMEOUT(log->opening.load(), 1, 10'000);
  } else if (situation == QLatin1String("seek")) {
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, kTimeoutMs);  // it plays, then loops
    QTRY_COMPARE_WITH_TIMEOUT(log->restarting.load(), 1, 10'000);
  } else {
    abandons = false;
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 3, kTimeoutMs);
    const int rebuilds = window->inference()->rebuilds();
    // To 0.75/192. The close waits for at most one step of the inference thread (a rebuild, a
    // forward pass or one timed pass: none can be interrupted inside LibTorch). On this 2-core
    // machine with 6-9 busy processes one step took 0.4-0.8 s at 1.0/224, now and then over
    // 1 s (LibTorch's OpenMP threads spin at each barrier while the thread with the work waits
    // for a core; with OMP_WAIT_POLICY=PASSIVE the same steps took 5-20 ms).
    window->controls()->alphaSlider()->setValue(75);
    window->controls()->resolutionSlider()->setValue((192 - MultiplierControls::kMinResolution) /
                                                     MultiplierControls::kResolutionStep);
    if (waitMs > 0) QTest::qWait(waitMs);
    if (waitMs < 0)
      QTRY_VERIFY_WITH_TIMEOUT(window->inference()->rebuilds() > rebuilds, kTimeoutMs);
    qInfo("rebuilds since the move: %d", window->inference()->rebuilds() - rebuilds);
  }

  // What the inference thread may have to finish: about one forward pass (or a rebuild, or a
  // timed pass of three) at this speed.
  const double forwardMs = window->shownResult() ? window->shownResult()->forwardMs : 0.0;
  const qint64 ms = closeAndDestroy(window);
  qInfo("%s: close + destroy %lld ms (last forward pass %.0f ms)", qPrintable(situation),
        static_cast<long long>(ms), forwardMs);
  QVERIFY2(ms < kCloseBoundMs, qPrintable(QString::number(ms)));
  if (abandons) {
    // The slow call was left running on its worker's thread, which frees the source when it
    // returns.
    QCOMPARE(SourceWorker::abandoned(), 1);
    QCOMPARE(log->destroyed.load(), 0);
  }
  // Freed in the end (at once, or by the abandoned worker's thread when the call returns).
  QTRY_COMPARE_WITH_TIMEOUT(log->destroyed.load(), log->created.load(), kSlowMs + 5000);
  QTRY_COMPARE_WITH_TIMEOUT(SourceWorker::abandoned(), 0, 1000);
}

QTEST_MAIN(TestCaptureFaults)
#include "tst_capture_faults.moc"
