// SPDX-License-Identifier: GPL-3.0-or-later
// mnl::teach::saveTeachProject / openTeachProject: a project saved and opened again is the same
// project (classes, examples to the byte, backbone, split settings); a re-save drops the files
// of removed examples; a missing example is said and left out; a manifest that is not this
// format's is refused with the file named.
#include <QtTest>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>

#include <filesystem>
#include <stdexcept>

#include "mnl/teach/image_batches.h"
#include "mnl/teach/teach_project.h"

namespace teach = mnl::teach;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<const mnl::Frame> gradient(int width, int height) {
  auto bytes = std::make_shared<std::vector<std::uint8_t>>();
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      bytes->insert(bytes->end(), {std::uint8_t(x), std::uint8_t(y), std::uint8_t(x + y)});
  return std::make_shared<const mnl::Frame>(mnl::Frame{width, height, std::move(bytes)});
}

QByteArray contents(const fs::path& file) {
  QFile f(QString::fromStdString(file.string()));
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void write(const QString& file, const QByteArray& bytes) {
  QFile f(file);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(bytes);
}

}  // namespace

class TestTeachProject : public QObject {
  Q_OBJECT

 private slots:
  void savedAndOpenedIsTheSame();
  void resaveDropsRemovedExamples();
  void missingExampleIsSaidNotFatal();
  void neverWritesIntoSomethingElse();
  void refusesWhatIsNoProject_data();
  void refusesWhatIsNoProject();

 private:
  // A project of two classes: one recorded frame of "red", one imported file of "blue".
  teach::TeachProject sample(const QString& importDir);
};

teach::TeachProject TestTeachProject::sample(const QString& importDir) {
  QImage image(40, 30, QImage::Format_RGB888);
  image.fill(QColor(10, 20, 200));
  image.save(importDir + "/blue.png");
  teach::TeachProject project;
  project.classes = {"red", "blue"};
  project.examples = {{0, gradient(64, 48), {}}, {1, nullptr, (importDir + "/blue.png").toStdString()}};
  project.backbone.network.alpha = 0.75;
  project.backbone.network.resolution = 160;
  project.holdout = 0.2;
  project.seed = 42;
  return project;
}

void TestTeachProject::savedAndOpenedIsTheSame() {
  QTemporaryDir dir;
  const fs::path folder = (dir.path() + "/project").toStdString();
  const teach::TeachProject project = sample(dir.path());
  const teach::TeachProject saved = teach::saveTeachProject(folder, project);
  QVERIFY(fs::is_regular_file(folder / teach::kProjectManifest));
  for (const auto& e : saved.examples) QVERIFY(!e.frame);

  const teach::OpenedProject opened = teach::openTeachProject(folder);
  QVERIFY(opened.problems.empty());
  const teach::TeachProject& p = opened.project;
  QCOMPARE(p.classes, project.classes);
  QCOMPARE(p.examples.size(), std::size_t(2));
  QCOMPARE(p.examples[0].label, 0);
  QCOMPARE(p.examples[1].label, 1);
  QCOMPARE(p.backbone.network.alpha, 0.75);
  QCOMPARE(p.backbone.network.resolution, 160);
  QCOMPARE(p.holdout, 0.2);
  QCOMPARE(p.seed, std::uint64_t(42));
  // The recorded frame, to the byte (PNG is lossless); the imported file copied as it was.
  std::string problem;
  const auto frame = teach::decodeImageFile(p.examples[0].file, 1'000'000, problem);
  QVERIFY2(frame, problem.c_str());
  QCOMPARE(frame->width, 64);
  QVERIFY(*frame->bgr == *project.examples[0].frame->bgr);
  QCOMPARE(contents(p.examples[1].file), contents(project.examples[1].file));
  QVERIFY(p.examples[1].file.parent_path().parent_path() == fs::weakly_canonical(folder) ||
          p.examples[1].file.parent_path().parent_path() == folder);
}

void TestTeachProject::resaveDropsRemovedExamples() {
  QTemporaryDir dir;
  const fs::path folder = (dir.path() + "/project").toStdString();
  teach::saveTeachProject(folder, sample(dir.path()));
  teach::TeachProject project = teach::openTeachProject(folder).project;
  const fs::path removed = project.examples[0].file;
  project.examples.erase(project.examples.begin());
  teach::saveTeachProject(folder, project);
  QVERIFY(!fs::exists(removed));
  QCOMPARE(std::distance(fs::directory_iterator(folder / "examples"), fs::directory_iterator()), 1);
  QCOMPARE(teach::openTeachProject(folder).project.examples.size(), std::size_t(1));
}

void TestTeachProject::missingExampleIsSaidNotFatal() {
  QTemporaryDir dir;
  const fs::path folder = (dir.path() + "/project").toStdString();
  const teach::TeachProject saved = teach::saveTeachProject(folder, sample(dir.path()));
  fs::remove(saved.examples[1].file);
  const teach::OpenedProject opened = teach::openTeachProject(folder);
  QCOMPARE(opened.project.examples.size(), std::size_t(1));
  QCOMPARE(opened.problems.size(), std::size_t(1));
  QVERIFY(opened.problems.front().find("missing") != std::string::npos);
}

void TestTeachProject::neverWritesIntoSomethingElse() {
  // A folder with files of its own and no project: refused, untouched. A project's examples/
  // with a file the person put there: a re-save leaves that file.
  QTemporaryDir dir;
  const QString other = dir.path() + "/code";
  QDir().mkpath(other + "/examples");
  write(other + "/examples/main.cpp", "int main() {}");
  try {
    teach::saveTeachProject(other.toStdString(), sample(dir.path()));
    QFAIL("saved into a folder that is no project");
  } catch (const std::runtime_error& e) {
    QVERIFY2(QString(e.what()).contains("not empty"), e.what());
  }
  QVERIFY(QFile::exists(other + "/examples/main.cpp"));
  QVERIFY(!QFile::exists(other + "/project.json"));

  const fs::path folder = (dir.path() + "/project").toStdString();
  teach::saveTeachProject(folder, sample(dir.path()));
  write(QString::fromStdString((folder / "examples" / "notes.txt").string()), "mine");
  teach::saveTeachProject(folder, teach::openTeachProject(folder).project);
  QVERIFY(fs::exists(folder / "examples" / "notes.txt"));
}

void TestTeachProject::refusesWhatIsNoProject_data() {
  QTest::addColumn<QByteArray>("manifest");  // empty: none at all
  QTest::addColumn<QString>("says");
  const QByteArray head = R"({"format": "mobilenet-lab teach project", "version": 1, )";
  const QByteArray rest =
      R"("backbone": {"alpha": 0.5, "resolution": 160}, "holdout": 0.15, "seed": 1})";
  QTest::newRow("no manifest") << QByteArray() << "not a teaching project";
  QTest::newRow("not JSON") << QByteArray("{{{") << "not JSON";
  QTest::newRow("another format") << QByteArray(R"({"format": "x", "version": 1})")
                                  << "not a MobileNet Lab teaching project";
  QTest::newRow("a later version")
      << QByteArray(R"({"format": "mobilenet-lab teach project", "version": 2})")
      << "format version 2";
  QTest::newRow("a class it does not have")
      << head + R"("classes": ["a"], "examples": [{"file": "examples/x.png", "class": 3}], )" + rest
      << "class 3";
  QTest::newRow("a file outside")
      << head + R"("classes": ["a"], "examples": [{"file": "../../etc/passwd", "class": 0}], )" +
             rest
      << "outside the project";
  QTest::newRow("a field missing") << head + R"("classes": ["a"]})" << "missing";
  QTest::newRow("a version as text")
      << QByteArray(R"({"format": "mobilenet-lab teach project", "version": "1"})")
      << "format version";
}

void TestTeachProject::refusesWhatIsNoProject() {
  QFETCH(QByteArray, manifest);
  QFETCH(QString, says);
  QTemporaryDir dir;
  if (!manifest.isEmpty()) write(dir.path() + "/project.json", manifest);
  try {
    teach::openTeachProject(dir.path().toStdString());
    QFAIL("opened");
  } catch (const std::runtime_error& e) {
    QVERIFY2(QString(e.what()).contains(says), e.what());
    QVERIFY2(QString(e.what()).contains(dir.path()), e.what());
  }
}

QTEST_GUILESS_MAIN(TestTeachProject)
#include "tst_teach_project.moc"
