// SPDX-License-Identifier: GPL-3.0-or-later
// The meter's simulated camera (app/gui/simulated_camera.h) on the real window and threads: once
// attached to the inference thread it reads a frame only when the network has taken the last
// one, so almost nothing it decodes is dropped; not attached, it reads as fast as the file
// decodes and the network drops most of what it reads. Either way the frames keep coming.
#include <QSignalSpy>
#include <QtTest>

#include "mnl/ui/inference_thread.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/metatypes.h"
#include "simulated_camera.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::gui;
using namespace mnl::ui;

class TestSimulatedCamera : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { registerMetatypes(); }
  void readsWhatTheNetworkTakes_data();
  void readsWhatTheNetworkTakes();
};

void TestSimulatedCamera::readsWhatTheNetworkTakes_data() {
  QTest::addColumn<bool>("attached");
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  // 1.0/224 takes several times as long as a frame of the demo clip takes to decode.
  QTest::newRow("attached, 1.0/224") << true << 1.0 << 224;
  QTest::newRow("attached, 0.25/128") << true << 0.25 << 128;
  QTest::newRow("not attached, 1.0/224") << false << 1.0 << 224;
}

void TestSimulatedCamera::readsWhatTheNetworkTakes() {
  QFETCH(bool, attached);
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  SimulatedCamera camera;
  WindowOptions options =
      test::launchOptions(QStringLiteral(MNL_RESOURCES_DIR "/demo/demo.avi"), alpha, resolution);
  options.sourceFactory = camera.factory();
  MainWindow window(options);
  if (attached) camera.attach(window.inference());
  window.show();
  const InferenceThread* inference = window.inference();

  // Past the first build (frames read meanwhile wait kPatienceMs each, then replace each other).
  QTRY_VERIFY_WITH_TIMEOUT(inference->framesRun() >= 5, 60'000);
  const long long run0 = inference->framesRun();
  const long long dropped0 = inference->framesDropped();
  QTRY_VERIFY_WITH_TIMEOUT(inference->framesRun() - run0 >= 40, 120'000);
  const long long run = inference->framesRun() - run0;
  const long long dropped = inference->framesDropped() - dropped0;
  qInfo("%lld frames run, %lld dropped", run, dropped);
  if (attached)
    QVERIFY2(dropped <= run / 10, "an attached camera read frames the network never took");
  else
    QVERIFY2(dropped >= run, "a camera read as fast as it decodes should outrun 1.0/224");
}

QTEST_MAIN(TestSimulatedCamera)
#include "tst_simulated_camera.moc"
