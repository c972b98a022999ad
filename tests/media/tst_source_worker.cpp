// SPDX-License-Identifier: GPL-3.0-or-later
// SourceWorker, the one thread per opened source, with fake sources: it paces a video at its
// frame rate, pauses and steps, lets go at once while a call hangs (and never speaks after),
// is joined by waitForAbandoned() once that call returns, and a worker that replaces another
// opens only after its predecessor has freed the device.
#include <QElapsedTimer>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "mnl/media/source_worker.h"

using namespace mnl;
using namespace std::chrono_literals;

namespace {

// What the fakes did, shared across threads (an abandoned one outlives its test step).
struct Device {
  std::atomic<int> held{0};       // fakes alive: a camera is busy while another holds it
  std::atomic<int> destroyed{0};
  std::atomic<int> opening{0};    // inside open() now
  std::atomic<int> reading{0};    // inside read() now
};

struct Script {
  bool live = false;  // a camera; otherwise a video at `fps`
  double fps = 20;
  int openMs = 0;
  int readMs = 0;
};

class FakeSource : public FrameSource {
 public:
  FakeSource(Script script, std::shared_ptr<Device> device)
      : script_(script), device_(std::move(device)) {
    device_->held.fetch_add(1);
  }
  ~FakeSource() override {
    device_->held.fetch_sub(1);
    device_->destroyed.fetch_add(1);
  }

  SourceResult open() override {
    // Another fake still holding the device: busy, as a real camera would be.
    const bool busy = device_->held.load() > 1;
    device_->opening.fetch_add(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(script_.openMs));
    device_->opening.fetch_sub(1);
    SourceResult r;
    r.status = busy ? SourceStatus::Unavailable : SourceStatus::Ok;
    r.message = busy ? "busy" : "";
    return remember(r);
  }
  SourceResult read(cv::Mat& bgr) override {
    device_->reading.fetch_add(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(script_.readMs));
    device_->reading.fetch_sub(1);
    bgr.create(8, 8, CV_8UC3);
    bgr.setTo(cv::Scalar::all(50));
    SourceResult r;
    r.status = SourceStatus::Ok;
    r.index = frames_++;
    return remember(r);
  }
  SourceResult restart() override { return remember({SourceStatus::Ok, {}, {}, -1}); }
  SourceKind kind() const override {
    return script_.live ? SourceKind::Camera : SourceKind::VideoFile;
  }
  std::string name() const override { return "fake"; }
  bool isLive() const override { return script_.live; }
  double frameRate() const override { return script_.live ? 0.0 : script_.fps; }
  cv::Size frameSize() const override { return {8, 8}; }

 private:
  Script script_;
  std::shared_ptr<Device> device_;
  int frames_ = 0;
};

SourceFactory opener(Script script, std::shared_ptr<Device> device) {
  return [script, device](const std::string&, const SourceOptions&) {
    auto source = std::make_unique<FakeSource>(script, device);
    source->open();
    return std::unique_ptr<FrameSource>(std::move(source));
  };
}

// Records what a worker says (on its thread).
struct Record : SourceWorker::Listener {
  std::atomic<int> opens{0}, failures{0}, frames{0}, others{0};
  void opened(const FrameSource&) override { opens.fetch_add(1); }
  void failed(const SourceResult&) override { failures.fetch_add(1); }
  void frame(const Frame&) override { frames.fetch_add(1); }
  void skipped(const SourceResult&) override { others.fetch_add(1); }
  void ended(const std::string&) override { others.fetch_add(1); }
  void lost(const std::string&, const SourceResult&) override { others.fetch_add(1); }
  int total() const { return opens + failures + frames + others; }
};

}  // namespace

class TestSourceWorker : public QObject {
  Q_OBJECT

 private slots:
  void cleanup() { QVERIFY(SourceWorker::waitForAbandoned(10s)); }

  void pacesVideoAtItsFrameRate() {
    auto device = std::make_shared<Device>();
    Record record;
    SourceWorker worker("video", opener({.live = false, .fps = 20}, device), {}, record, false);
    QTRY_COMPARE_WITH_TIMEOUT(record.opens.load(), 1, 5000);
    QTest::qWait(1000);
    // 20 frames/s for a second: the first at once, then one every 50 ms, never faster.
    const int frames = record.frames.load();
    QVERIFY2(frames >= 5 && frames <= 22, qPrintable(QString::number(frames)));
  }

  void pausesAndSteps() {
    auto device = std::make_shared<Device>();
    Record record;
    SourceWorker worker("video", opener({.live = false, .fps = 50}, device), {}, record, true);
    QTRY_COMPARE_WITH_TIMEOUT(record.opens.load(), 1, 5000);
    QTest::qWait(200);
    QCOMPARE(record.frames.load(), 0);  // opened paused: nothing read
    worker.step();
    QTRY_COMPARE_WITH_TIMEOUT(record.frames.load(), 1, 5000);
    QTest::qWait(200);
    QCOMPARE(record.frames.load(), 1);  // one step, one frame
    worker.setPaused(false);
    QTRY_VERIFY_WITH_TIMEOUT(record.frames.load() >= 5, 5000);
  }

  void lettingGoNeverWaitsAndSilencesTheWorker() {
    auto device = std::make_shared<Device>();
    Record record;
    QElapsedTimer clock;
    {
      SourceWorker worker("cam", opener({.live = true, .openMs = 1500}, device), {}, record,
                          false);
      QTRY_COMPARE_WITH_TIMEOUT(device->opening.load(), 1, 5000);
      clock.start();
    }
    QVERIFY2(clock.elapsed() < 200, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(SourceWorker::abandoned(), 1);
    QVERIFY(!SourceWorker::waitForAbandoned(50ms));  // still inside open()
    QCOMPARE(device->destroyed.load(), 0);
    QVERIFY(SourceWorker::waitForAbandoned(10s));
    QCOMPARE(SourceWorker::abandoned(), 0);
    // The open succeeded after the worker was let go: freed, and nothing was said.
    QCOMPARE(device->destroyed.load(), 1);
    QCOMPARE(record.total(), 0);
  }

  void successorOpensOnceThePredecessorFreedTheDevice() {
    auto device = std::make_shared<Device>();
    Record first, second;
    // A camera whose reads take a while: let go in the middle of one, it still holds the
    // device until the read returns.
    const Script camera{.live = true, .readMs = 300};
    auto worker = std::make_unique<SourceWorker>("0", opener(camera, device), SourceOptions{},
                                                 first, false);
    QTRY_COMPARE_WITH_TIMEOUT(device->reading.load(), 1, 5000);
    worker = std::make_unique<SourceWorker>("0", opener(camera, device), SourceOptions{}, second,
                                            false, std::move(worker));
    QTRY_COMPARE_WITH_TIMEOUT(second.opens.load(), 1, 5000);
    QCOMPARE(second.failures.load(), 0);
    QCOMPARE(device->held.load(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(second.frames.load() >= 1, 5000);
  }

  void successorWaitsForAStuckPredecessorOnlySoLong() {
    auto device = std::make_shared<Device>();
    Record first, second;
    auto worker = std::make_unique<SourceWorker>(
        "0", opener({.live = true, .readMs = 4000}, device), SourceOptions{}, first, false);
    QTRY_COMPARE_WITH_TIMEOUT(device->reading.load(), 1, 5000);
    QElapsedTimer clock;
    clock.start();
    worker = std::make_unique<SourceWorker>("0", opener({.live = true}, device), SourceOptions{},
                                            second, false, std::move(worker));
    // The device is still held by the read: after the hand-over wait the open finds it busy.
    QTRY_COMPARE_WITH_TIMEOUT(second.failures.load(), 1, 5000);
    const qint64 ms = clock.elapsed();
    QVERIFY2(ms >= 900 && ms < 3000, qPrintable(QString::number(ms)));
    QCOMPARE(second.opens.load(), 0);
  }
};

QTEST_GUILESS_MAIN(TestSourceWorker)
#include "tst_source_worker.moc"
