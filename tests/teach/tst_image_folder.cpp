// SPDX-License-Identifier: GPL-3.0-or-later
// mnl::teach::scanImageFolder: torchvision's ImageFolder layout — classes in sorted order,
// image files anywhere below a class folder — with hidden entries and other files left out.
#include <QtTest>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <filesystem>
#include <stdexcept>

#include "mnl/teach/image_folder.h"

using mnl::teach::hasImageExtension;
using mnl::teach::ImageFolder;
using mnl::teach::scanImageFolder;

namespace {

void touch(const QString& file) {
  QDir().mkpath(QFileInfo(file).path());
  QFile f(file);
  QVERIFY(f.open(QIODevice::WriteOnly));
}

QStringList relative(const ImageFolder& folder) {
  QStringList names;
  for (const auto& f : folder.files)
    names << QString::fromStdString(
                 std::filesystem::relative(f.file, folder.root).generic_string()) +
                 ":" + QString::number(f.label);
  return names;
}

}  // namespace

class TestImageFolder : public QObject {
  Q_OBJECT

 private slots:
  void extensions_data();
  void extensions();
  void layoutAsTorchvisionReadsIt();
  void refusesWhatIsNoDataset();
};

void TestImageFolder::extensions_data() {
  QTest::addColumn<QString>("name");
  QTest::addColumn<bool>("image");
  QTest::newRow("jpg") << "a.jpg" << true;
  QTest::newRow("upper case") << "A.JPEG" << true;
  QTest::newRow("webp") << "a.webp" << true;
  QTest::newRow("tiff") << "a.tif" << true;
  QTest::newRow("gif: not torchvision's") << "a.gif" << false;
  QTest::newRow("text") << "README.txt" << false;
  QTest::newRow("none") << "png" << false;
}

void TestImageFolder::extensions() {
  QFETCH(QString, name);
  QFETCH(bool, image);
  QCOMPARE(hasImageExtension(name.toStdString()), image);
}

void TestImageFolder::layoutAsTorchvisionReadsIt() {
  QTemporaryDir dir;
  const QString root = dir.path();
  touch(root + "/cat/2.png");
  touch(root + "/cat/1.jpg");
  touch(root + "/cat/deeper/0.bmp");     // below the class folder: still the class's
  touch(root + "/cat/notes.txt");        // not an image: ignored, counted
  touch(root + "/cat/.thumb/9.png");     // hidden folder: passed over
  touch(root + "/Dog/a.PNG");            // 'D' sorts before 'c' (byte order, as Python's sorted)
  touch(root + "/.ipynb_checkpoints/x.png");  // a hidden folder is no class
  touch(root + "/labels.csv");           // a file beside the classes: ignored
  QDir().mkpath(root + "/empty");        // a class without images is still a class

  const ImageFolder folder = scanImageFolder(root.toStdString());
  QCOMPARE(folder.classes, (std::vector<std::string>{"Dog", "cat", "empty"}));
  QCOMPARE(relative(folder),
           (QStringList{"Dog/a.PNG:0", "cat/1.jpg:1", "cat/2.png:1", "cat/deeper/0.bmp:1"}));
  QCOMPARE(folder.ignored.size(), std::size_t(2));
}

void TestImageFolder::refusesWhatIsNoDataset() {
  QTemporaryDir dir;
  QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                           scanImageFolder((dir.path() + "/missing").toStdString()));
  touch(dir.path() + "/only.png");
  QVERIFY_THROWS_EXCEPTION(std::runtime_error, scanImageFolder(dir.path().toStdString()));
}

QTEST_GUILESS_MAIN(TestImageFolder)
#include "tst_image_folder.moc"
