// SPDX-License-Identifier: GPL-3.0-or-later
// mobilenet-lab-cli run as a process: the cost figures, the promised exit codes and messages,
// the JSON shape, and the top-1 labels of the test photos with each bundled model.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace {

struct Run {
  int exitCode = -1;
  QByteArray out, err;
};

Run cli(const QStringList& arguments) {
  QProcess process;
  process.start(QStringLiteral(MNL_CLI), arguments);
  if (!process.waitForFinished(300'000)) process.kill();
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
          process.readAllStandardOutput(), process.readAllStandardError()};
}

QString data(const QString& name) { return QStringLiteral(MNL_TEST_DATA_DIR "/") + name; }

QJsonArray jsonList(const Run& run) {
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
  if (error.error != QJsonParseError::NoError || !doc.isArray()) return {};
  return doc.array();
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT

 private slots:
  void costJson_data();
  void costJson();
  void badArguments_data();
  void badArguments();
  void missingInput();
  void expectedTop1_data();
  void expectedTop1();
  void jsonForVideoFrames();
  void untrainedWhenAllowed();
  void folderWithJunk();

 private:
  // classify --json of every test photo, run once per model and kept: model → image → result.
  QHash<QString, QHash<QString, QJsonObject>> classified_;
};

void TestCli::costJson_data() {
  QTest::addColumn<QString>("alpha");
  QTest::addColumn<QString>("resolution");
  QTest::addColumn<QString>("conv");
  QTest::addColumn<qlonglong>("multAdds");
  QTest::addColumn<qlonglong>("weights");
  QTest::addColumn<int>("layers");
  QTest::newRow("1.0/224") << "1.0" << "224" << "separable" << 568740352LL << 4209088LL << 29;
  QTest::newRow("0.5/160") << "0.5" << "160" << "separable" << 76524800LL << 1319648LL << 29;
  QTest::newRow("0.25/128") << "0.25" << "128" << "separable" << 13570048LL << 463600LL << 29;
  QTest::newRow("standard 1.0/224") << "1.0" << "224" << "standard" << 4867293184LL << 29281120LL
                                    << 16;
}

void TestCli::costJson() {
  QFETCH(QString, alpha);
  QFETCH(QString, resolution);
  QFETCH(QString, conv);
  QFETCH(qlonglong, multAdds);
  QFETCH(qlonglong, weights);
  QFETCH(int, layers);
  const Run run = cli({"cost", "--alpha", alpha, "--resolution", resolution, "--conv", conv,
                       "--json"});
  QCOMPARE(run.exitCode, 0);
  const QJsonObject cost = QJsonDocument::fromJson(run.out).object();
  QCOMPARE(cost["mult_adds"].toInteger(), multAdds);
  QCOMPARE(cost["weights"].toInteger(), weights);
  QCOMPARE(cost["resolution"].toInt(), resolution.toInt());
  QCOMPARE(cost["conv"].toString(), conv);
  QCOMPARE(cost["layers"].toArray().size(), layers);
}

void TestCli::badArguments_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<QString>("message");  // part of what stderr must say
  const QString photo = data("parrot.jpg");
  QTest::newRow("cost alpha 0") << QStringList{"cost", "--alpha", "0"} << "greater than 0";
  QTest::newRow("cost resolution 31")
      << QStringList{"cost", "--resolution", "31"} << "at least 32 pixels";
  QTest::newRow("cost unknown conv") << QStringList{"cost", "--conv", "dilated"} << "'dilated'";
  QTest::newRow("cost missing value") << QStringList{"cost", "--alpha"} << "--alpha";
  QTest::newRow("no command") << QStringList{} << "subcommand";
  QTest::newRow("classify no input") << QStringList{"classify"} << "inputs";
  QTest::newRow("classify alpha 0")
      << QStringList{"classify", photo, "--alpha", "0"} << "greater than 0";
  QTest::newRow("classify resolution 31")
      << QStringList{"classify", photo, "--resolution", "31"} << "at least 32 pixels";
  QTest::newRow("classify unknown conv")
      << QStringList{"classify", photo, "--conv", "dilated"} << "'dilated'";
  QTest::newRow("classify missing value") << QStringList{"classify", photo, "--top"} << "--top";
  QTest::newRow("untrained alpha") << QStringList{"classify", photo, "--alpha", "0.6"}
                                   << "no trained weights for alpha 0.6";
  QTest::newRow("standard convolutions are untrained")
      << QStringList{"classify", photo, "--conv", "standard"} << "--allow-untrained";
  QTest::newRow("crop") << QStringList{"classify", photo, "--crop", "left"} << "'left'";
  QTest::newRow("device") << QStringList{"classify", photo, "--device", "tpu"} << "'tpu'";
  QTest::newRow("every 0") << QStringList{"classify", photo, "--every", "0"} << "--every";
}

void TestCli::badArguments() {
  QFETCH(QStringList, arguments);
  QFETCH(QString, message);
  const Run run = cli(arguments);
  QCOMPARE(run.exitCode, 2);
  QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
  QVERIFY(run.out.isEmpty());
}

void TestCli::missingInput() {
  const QString missing = data("no-such-photo.jpg");
  const Run run = cli({"classify", "--alpha", "0.25", data("parrot.jpg"), missing, "--json"});
  QCOMPARE(run.exitCode, 1);
  QVERIFY2(run.err.contains((missing + ": no such file or folder").toUtf8()), run.err.constData());
  // The readable input is still classified.
  const QJsonArray results = jsonList(run);
  QCOMPARE(results.size(), 1);
  QCOMPARE(results[0]["input"].toString(), data("parrot.jpg"));
}

// expected_top1.tsv: every bundled model on every photo, both preprocessings. The reference's
// top-1 class must come out with its probability within 0.05; where the reference's top-1 is
// clearly ahead of its top-2 (by 0.05 or more) it must also be our top-1. Near ties (cat.bmp
// at 0.75/192, grace_hopper.bmp at 0.75/192) are soft checks: probability only.
void TestCli::expectedTop1_data() {
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("crop");
  QTest::addColumn<QString>("image");
  QTest::addColumn<int>("index");
  QTest::addColumn<double>("probability");
  QTest::addColumn<bool>("clear");
  QFile tsv(data("expected_top1.tsv"));
  QVERIFY(tsv.open(QIODevice::ReadOnly | QIODevice::Text));
  tsv.readLine();  // header
  int rows = 0;
  while (!tsv.atEnd()) {
    const QStringList f = QString::fromUtf8(tsv.readLine()).trimmed().split('\t');
    if (f.size() < 8) continue;
    const QString crop = f[2] == "center_square_crop" ? "center" : "full";
    const bool clear = f[5].toDouble() - f[7].toDouble() >= 0.05;
    QTest::addRow("%s %s %s", qPrintable(f[0]), qPrintable(crop), qPrintable(f[1]))
        << f[0] << crop << f[1] << f[3].toInt() << f[5].toDouble() << clear;
    ++rows;
  }
  QCOMPARE(rows, 110);  // 5 models × 11 photos × 2 preprocessings
}

void TestCli::expectedTop1() {
  QFETCH(QString, model);
  QFETCH(QString, crop);
  QFETCH(QString, image);
  QFETCH(int, index);
  QFETCH(double, probability);
  QFETCH(bool, clear);
  const QString key = model + " " + crop;
  if (!classified_.contains(key)) {
    // "0.5_160" or "keras_0.25_224": the bundled model nearest the size serves the request.
    const QStringList parts = model.split('_');
    const QString alpha = parts[parts.size() - 2], size = parts.last();
    QStringList arguments{"classify", "--alpha", alpha, "--resolution", size,
                          "--crop",   crop,    "--top",   "5",          "--json"};
    for (const char* photo : {"parrot.jpg", "bird.bmp", "cat.bmp", "cat_720p.jpg",
                              "grace_hopper.bmp", "hot_dog.jpg", "dragonfly.bmp", "sunflower.bmp",
                              "pets.jpg", "missvickie_potato_chips.bmp", "owl.jpg"})
      arguments << data(photo);
    const Run run = cli(arguments);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    for (const QJsonValue result : jsonList(run))
      classified_[key][QFileInfo(result["input"].toString()).fileName()] = result.toObject();
  }
  const QJsonObject result = classified_[key].value(image);
  const QString weights = result["model"].toString();
  QVERIFY2(weights.contains("(bundled)"), qPrintable(weights));
  QCOMPARE(weights.contains(".h5"), model.startsWith("keras"));
  // The Keras model has 1000 classes: its index i is the 1001-class list's i + 1.
  const int expectedIndex = model.startsWith("keras") ? index - 1 : index;
  const QJsonArray top = result["top"].toArray();
  if (clear) QCOMPARE(top.first()["index"].toInt(), expectedIndex);
  double found = -1;
  for (const QJsonValue guess : top)
    if (guess["index"].toInt() == expectedIndex) found = guess["prob"].toDouble();
  QVERIFY2(std::abs(found - probability) <= 0.05,
           qPrintable(QString("%1, reference %2").arg(found).arg(probability)));
}

// The demo clip, every 50th of its 150 frames: one object per frame, with the frame number.
void TestCli::jsonForVideoFrames() {
  const QString clip = QStringLiteral(MNL_RESOURCES_DIR "/demo/demo.avi");
  const Run run = cli({"classify", clip, data("cat.bmp"), "--alpha", "0.5", "--every", "50",
                       "--top", "3", "--json"});
  if (run.exitCode == 1 && run.err.contains("without OpenCV")) QSKIP("built without OpenCV");
  QCOMPARE(run.exitCode, 0);
  const QJsonArray results = jsonList(run);
  QCOMPARE(results.size(), 4);
  const int frames[] = {0, 50, 100};
  for (int i = 0; i < 4; ++i) {
    const QJsonObject result = results[i].toObject();
    QCOMPARE(result["input"].toString(), i < 3 ? clip : data("cat.bmp"));
    QCOMPARE(result.contains("frame"), i < 3);  // images have no frame number
    if (i < 3) QCOMPARE(result["frame"].toInt(), frames[i]);
    QCOMPARE(result["model"].toString(), QString("mobilenet_v1_0.5_160_quant.tflite (bundled)"));
    const QJsonArray top = result["top"].toArray();
    QCOMPARE(top.size(), 3);
    double previous = 1.0, sum = 0;
    for (const QJsonValue guess : top) {
      QCOMPARE(guess.toObject().keys(), (QStringList{"index", "label", "prob"}));
      QVERIFY(guess["index"].toInt() >= 0 && guess["index"].toInt() < 1001);
      QVERIFY(!guess["label"].toString().isEmpty());
      QVERIFY(guess["prob"].toDouble() <= previous);
      previous = guess["prob"].toDouble();
      sum += previous;
    }
    QVERIFY(sum <= 1.0 + 1e-6);
  }
  // Frame 0 shows the parrot alone (the first shot, before any cross-fade).
  QCOMPARE(results[0]["top"][0]["label"].toString(), QString("macaw"));
}

void TestCli::untrainedWhenAllowed() {
  const Run run = cli({"classify", data("parrot.jpg"), "--alpha", "0.6", "--resolution", "96",
                       "--allow-untrained", "--top", "1", "--json"});
  QCOMPARE(run.exitCode, 0);
  QVERIFY2(run.err.contains("random weights"), run.err.constData());
  const QJsonArray results = jsonList(run);
  QCOMPARE(results.size(), 1);
  QCOMPARE(results[0]["model"].toString(), QString("untrained"));
}

// A folder is classified image by image; a junk file in it is named and makes the exit code 1.
void TestCli::folderWithJunk() {
  QTemporaryDir folder;
  QVERIFY(QFile::copy(data("sunflower.bmp"), folder.filePath("a.bmp")));
  QFile junk(folder.filePath("b.bmp"));
  QVERIFY(junk.open(QIODevice::WriteOnly));
  junk.write(QByteArray(4000, 'x'));
  junk.close();
  const Run run = cli({"classify", folder.path(), "--alpha", "0.5", "--top", "1", "--json"});
  QCOMPARE(run.exitCode, 1);
  QVERIFY2(run.err.contains(folder.filePath("b.bmp").toUtf8()), run.err.constData());
  const QJsonArray results = jsonList(run);
  QCOMPARE(results.size(), 1);
  QCOMPARE(results[0]["input"].toString(), folder.filePath("a.bmp"));
  QCOMPARE(results[0]["top"][0]["label"].toString(), QString("daisy"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
