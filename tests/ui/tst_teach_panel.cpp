// SPDX-License-Identifier: GPL-3.0-or-later
// The Teach room: classes added, renamed and removed with their examples; frames recorded only
// while "Record" is held, each once; a folder imported; and the window taught from a folder
// drawn at test time (--teach), its live view then running the taught model.
#include <QtTest>

#include <QDockWidget>
#include <QFile>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>

#include <memory>
#include <vector>

#include "../synthetic_classes.h"
#include "mnl/ui/example_strip.h"
#include "mnl/ui/machine_view.h"
#include "mnl/ui/sweep_accuracy_chart.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/teach_panel.h"
#include "mnl/ui/user_model.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

namespace {

Frame frame(std::int64_t sequence, int width = 320, int height = 240) {
  Frame f;
  f.width = width;
  f.height = height;
  f.bgr = std::make_shared<const std::vector<std::uint8_t>>(
      static_cast<std::size_t>(width) * height * 3, std::uint8_t(sequence * 10));
  f.sequence = sequence;
  return f;
}

teach::BackboneRequest smallBackbone() {
  teach::BackboneRequest backbone;
  backbone.network.alpha = 0.25;
  backbone.network.resolution = 128;
  backbone.resourcesDir = MNL_RESOURCES_DIR;
  return backbone;
}

}  // namespace

class TestTeachPanel : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void classesKeepTheirExamples();
  void recordsOnlyWhileHeldEachFrameOnce();
  void importMergesClassesByName();
  void refusesWhatCannotBeTaught();
  void cancelLeavesThePanelReady();
  void projectSavedAndOpenedAgain();
  void searchTeachesEachNetwork();
  void windowRunsTheTaughtModel();

 private:
  QTemporaryDir dir_;
  QString shapes_;
};

void TestTeachPanel::initTestCase() {
  QVERIFY(dir_.isValid());
  shapes_ = dir_.path() + "/shapes";
  QCOMPARE(mnl::test::writeSyntheticClasses(shapes_, mnl::test::SyntheticSet::Separable, 8, 11).size(), 3);
}

void TestTeachPanel::classesKeepTheirExamples() {
  TeachPanel panel(dir_.path() + "/a.mnl");
  QCOMPARE(panel.classes(), (QStringList{"Class 1", "Class 2"}));
  panel.addClass(QStringLiteral("dog"));
  QCOMPARE(panel.selectedClass(), 2);
  panel.renameClass(0, QStringLiteral("cat"));
  panel.renameClass(1, QStringLiteral("cat"));  // a second "cat" could not be told apart
  QCOMPARE(panel.classes(), (QStringList{"cat", "Class 2", "dog"}));
  // Two examples of dog, one of cat; removing Class 2 moves dog's examples down with it.
  panel.setRecording(true);
  panel.offerFrame(frame(1));
  panel.offerFrame(frame(2));
  panel.selectClass(0);
  panel.offerFrame(frame(3));
  panel.setRecording(false);
  panel.removeClass(1);
  QCOMPARE(panel.classes(), (QStringList{"cat", "dog"}));
  QCOMPARE(panel.examples(0), 1);
  QCOMPARE(panel.examples(1), 2);
  panel.removeClass(0);
  QCOMPARE(panel.examples(0), 2);
}

void TestTeachPanel::recordsOnlyWhileHeldEachFrameOnce() {
  TeachPanel panel(dir_.path() + "/b.mnl");
  panel.selectClass(1);
  panel.offerFrame(frame(1));  // not recording
  QCOMPARE(panel.examples(1), 0);
  panel.setRecording(true);
  panel.offerFrame(frame(2, 1280, 720));
  panel.offerFrame(frame(2, 1280, 720));  // the same frame shown again (a slider move)
  panel.offerFrame(frame(3));
  panel.setRecording(false);
  panel.offerFrame(frame(4));
  QCOMPARE(panel.examples(1), 2);
  QCOMPARE(panel.examples(0), 0);
  // R held records too, wherever the room has the keyboard (the class table included, which
  // would otherwise take R for its keyboard search); its auto-repeat changes nothing.
  QTest::keyPress(&panel, Qt::Key_R);
  panel.offerFrame(frame(5));
  QTest::keyRelease(&panel, Qt::Key_R);
  panel.offerFrame(frame(6));
  QCOMPARE(panel.examples(1), 3);
  QTableWidget* table = panel.findChild<QTableWidget*>(QStringLiteral("teachClasses"));
  QTest::keyPress(table, Qt::Key_R);
  panel.offerFrame(frame(7));
  QTest::keyRelease(table, Qt::Key_R);
  QCOMPARE(panel.examples(1), 4);
  // A class clicked shows its examples, newest first, each removable.
  panel.showClass(1);
  const QList<quint64> shown = panel.cellExamples()->shown();
  QCOMPARE(shown.size(), 4);
  panel.removeExample(shown.front());
  QCOMPARE(panel.examples(1), 3);
}

void TestTeachPanel::importMergesClassesByName() {
  TeachPanel panel(dir_.path() + "/c.mnl");
  panel.renameClass(0, QStringLiteral("red_disc"));
  panel.setRecording(true);
  panel.offerFrame(frame(1));
  panel.setRecording(false);
  QVERIFY(panel.importFolder(shapes_));
  // The folder's classes, the recorded red_disc example kept with its own; the empty
  // "Class 2" the panel started with made way.
  QCOMPARE(panel.classes(), (QStringList{"red_disc", "blue_square", "green_stripes"}));
  QCOMPARE(panel.examples(0), 9);
  QCOMPARE(panel.examples(1), 8);
  QVERIFY(!panel.importFolder(dir_.path() + "/missing"));
  QVERIFY(panel.summary().contains("not a folder"));
}

void TestTeachPanel::refusesWhatCannotBeTaught() {
  TeachPanel panel(dir_.path() + "/d.mnl");
  panel.setBackbone(smallBackbone());
  QSignalSpy taught(&panel, &TeachPanel::taught);
  panel.teach();  // two classes, no examples
  QVERIFY(!panel.busy());
  QVERIFY2(panel.summary().contains("no examples"), qPrintable(panel.summary()));
  QCOMPARE(taught.count(), 0);
}

void TestTeachPanel::cancelLeavesThePanelReady() {
  TeachPanel panel(dir_.path() + "/e.mnl");
  panel.setBackbone(smallBackbone());
  QVERIFY(panel.importFolder(shapes_));
  QSignalSpy taught(&panel, &TeachPanel::taught);
  panel.teach();
  QVERIFY(panel.busy());
  panel.cancel();
  QVERIFY(!panel.busy());
  // Teaching again afterwards works, and the model it writes is there.
  panel.teach();
  QTRY_COMPARE_WITH_TIMEOUT(taught.count(), 1, 60'000);
  QVERIFY(!panel.busy());
  QCOMPARE(panel.lastOutcome()->linearEvaluation.top1(), 1.0);
  QVERIFY(QFile::exists(dir_.path() + "/e.mnl"));

  // A cell of the matrix shows its examples (one held-out blue square of eight: 15 % of 8
  // rounded), which can be moved to another class or removed.
  panel.showCell(0, 0);
  const QList<quint64> shown = panel.cellExamples()->shown();
  QCOMPARE(shown.size(), panel.lastOutcome()->linearEvaluation.confusion[0][0]);
  QCOMPARE(shown.size(), 1);
  panel.moveExample(shown[0], 2);
  QCOMPARE(panel.examples(0), 7);
  QCOMPARE(panel.examples(2), 9);
  panel.removeExample(shown[0]);
  QCOMPARE(panel.examples(2), 8);
  panel.showCell(0, 1);  // nothing taken for green stripes
  QVERIFY(panel.cellExamples()->shown().isEmpty());

  // Save model… writes the format the name asks for: TFLite here, with its labels.
  QSignalSpy saved(&panel, &TeachPanel::saved);
  panel.saveModel(dir_.path() + "/kept.tflite");
  QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 30'000);
  QVERIFY(saved.first().at(1).toBool());
  QFile tflite(dir_.path() + "/kept.tflite");
  QVERIFY(tflite.open(QIODevice::ReadOnly));
  QCOMPARE(tflite.read(8).mid(4), QByteArray("TFL3"));
  QVERIFY(QFile::exists(dir_.path() + "/kept.labels.txt"));
}

void TestTeachPanel::projectSavedAndOpenedAgain() {
  const QString folder = dir_.path() + "/project";
  {
    TeachPanel panel(dir_.path() + "/f.mnl");
    panel.setBackbone(smallBackbone());
    QVERIFY(panel.importFolder(shapes_));
    panel.renameClass(0, QStringLiteral("blue"));
    panel.selectClass(2);
    panel.setRecording(true);
    panel.offerFrame(frame(1, 640, 480));
    panel.offerFrame(frame(2, 640, 480));
    panel.setRecording(false);
    QSignalSpy saved(&panel, &TeachPanel::projectSaved);
    panel.saveProject(folder);
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 30'000);
    QCOMPARE(saved.first().at(1).toBool(), true);
  }  // the panel, its recorded frames and its files gone: the project is on disk alone
  TeachPanel opened(dir_.path() + "/g.mnl");
  QVERIFY(opened.openProject(folder));
  QCOMPARE(opened.classes(), (QStringList{"blue", "green_stripes", "red_disc"}));
  QCOMPARE(opened.examples(0), 8);
  QCOMPARE(opened.examples(2), 10);  // eight imported, two recorded
  QVERIFY(!opened.openProject(shapes_));  // a folder of images is no project
  QVERIFY(opened.summary().contains("not a teaching project"));
  QCOMPARE(opened.classes().size(), 3);  // what was open stays
}

void TestTeachPanel::searchTeachesEachNetwork() {
  TeachPanel panel(dir_.path() + "/h.mnl");
  panel.setBackbone(smallBackbone());
  QVERIFY(panel.importFolder(shapes_));
  panel.setSearchNetworks({{0.25, 128}, {0.5, 160}});
  QSignalSpy searched(&panel, &TeachPanel::networksSearched);
  QSignalSpy taught(&panel, &TeachPanel::taught);
  panel.searchNetworks();
  QVERIFY(panel.busy());
  QTRY_COMPARE_WITH_TIMEOUT(searched.count(), 1, 120'000);
  QVERIFY(!panel.busy());
  QCOMPARE(taught.count(), 0);  // a search writes no model and runs none
  QVERIFY(!QFile::exists(dir_.path() + "/h.mnl"));
  const NetworkSearchPtr found = panel.lastSearch();
  QVERIFY(found);
  QCOMPARE(found->size(), std::size_t{2});
  QCOMPARE((*found)[1].network.alpha, 0.5);
  QCOMPARE((*found)[1].network.resolution, 160);
  for (const teach::TaughtAccuracy& a : *found) QCOMPARE(a.linear.value_or(0), 1.0);
  // Both as good: the smallest is named.
  QVERIFY2(panel.summary().contains("the smallest within a point of it: 0.25/128"),
           qPrintable(panel.summary()));
  // Cancelled, it answers nothing.
  panel.searchNetworks();
  panel.cancel();
  QTest::qWait(500);
  QCOMPARE(searched.count(), 1);
  QVERIFY(!panel.busy());
}

void TestTeachPanel::windowRunsTheTaughtModel() {
  WindowOptions options = ui::test::launchOptions(ui::test::testData("cat.bmp"), 0.25, 128);
  options.teachFolder = shapes_;
  QString taughtFile;
  {
    MainWindow window(options);
    window.show();
    QSignalSpy ready(window.teachPanel(), &TeachPanel::taughtModelReady);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 120'000);
    taughtFile = ready.first().first().toString();
    QCOMPARE(window.userModel()->weightsFile(), taughtFile);
    QVERIFY(window.teachRoom()->isVisible());
    // The live view runs it: three classes, the taught names.
    QTRY_VERIFY_WITH_TIMEOUT(window.shownResult() &&
                                 window.shownResult()->model.network.classes == 3,
                             60'000);
    const QStringList classes{"blue_square", "green_stripes", "red_disc"};
    QVERIFY(classes.contains(QString::fromStdString(window.shownResult()->top.front().label)));
    QVERIFY(QFile::exists(taughtFile));

    // "Which network?" hands the accuracy to "Your machine", which chooses by it.
    SweepResult timed;
    for (const NetworkConfig& n : {NetworkConfig{0.25, 128}, NetworkConfig{0.5, 160}}) {
      SweepRow row = costedRow(n);
      row.samples = 5;
      row.medianMs = n.alpha * 4;
      timed.rows.push_back(row);
    }
    window.machineView()->setResult(timed);
    window.teachPanel()->setSearchNetworks({{0.25, 128}, {0.5, 160}});
    QSignalSpy searched(window.teachPanel(), &TeachPanel::networksSearched);
    window.teachPanel()->searchNetworks();
    QTRY_COMPARE_WITH_TIMEOUT(searched.count(), 1, 120'000);
    QVERIFY(window.machineDock()->isVisible());
    QVERIFY(window.machineView()->choosingByYours());
    QCOMPARE(window.machineView()->accuracyChart()->yourPointCount(), 2);
    QVERIFY(window.machineView()->choice());  // 100 % on both: the faster, 0.25/128
    QCOMPARE(window.machineView()->choice()->alpha, 0.25);
  }
  // --no-saved-settings (as the tests run) leaves no taught model behind.
  QVERIFY(!QFile::exists(taughtFile));
}

QTEST_MAIN(TestTeachPanel)
#include "tst_teach_panel.moc"
