// SPDX-License-Identifier: GPL-3.0-or-later
// mobilenet-lab-cli run as a process: the cost figures, the promised exit codes and messages,
// the JSON shape, and the top-1 labels of the test photos with each bundled model.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibrary>
#include <QProcess>
#include <QTemporaryDir>

#include "../avi_damage.h"
#include "cli_process.h"

using namespace mnl::test;

class TestCli : public QObject {
  Q_OBJECT

 private slots:
  void costJson_data();
  void costJson();
  void costCsv();
  void version_data();
  void version();
  void badArguments_data();
  void badArguments();
  void missingInput();
  void topLargerThanClasses();
  void benchReportsRuntime_data();
  void benchReportsRuntime();
  void benchOpenMpWait_data();
  void benchOpenMpWait();
  void classifyInFloat16();
  void reducedPrecisionOnTheCpu();
  void reducedPrecisionRefusedWithoutTheInstructions_data();
  void reducedPrecisionRefusedWithoutTheInstructions();
  void bf16EmulatedWhereAsked();
  void cudaBackendLoading_data();
  void cudaBackendLoading();
  void cudaWithoutGpu_data();
  void cudaWithoutGpu();
  void badWeights_data();
  void badWeights();
  void damagedVideoFrames();
  void expectedTop1_data();
  void expectedTop1();
  void jsonForVideoFrames();
  void untrainedWhenAllowed();
  void folderWithJunk();
#if defined(MNL_PYTORCH_FIXTURES_DIR)
  void userModelTop5();
  void userModelLabelsNormalizeConvert();
#endif

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

// cost --csv: the window's CSV columns, one row per layer and a total row that agree with the
// model's figures (the same as --json's).
void TestCli::costCsv() {
  const Run run = cli({"cost", "--alpha", "0.5", "--resolution", "160", "--csv"});
  QCOMPARE(run.exitCode, 0);
  const QStringList lines = QString::fromUtf8(run.out).trimmed().split(QLatin1Char('\n'));
  QCOMPARE(lines.size(), 29 + 3);  // comment, header, 29 layers, total
  QCOMPARE(lines[0], QString("# alpha=0.5 resolution=160 conv=separable classes=1000"));
  QVERIFY(lines[1].startsWith("layer,type,kernel,stride,input,output,mult_adds,weights,"));
  QCOMPARE(lines[2], QString("conv0,conv,3,2,160x160x3,80x80x16,2764800,432,464,409600,"));
  long long multAdds = 0, weights = 0;
  for (int i = 2; i < lines.size() - 1; ++i) {
    multAdds += lines[i].split(QLatin1Char(','))[6].toLongLong();
    weights += lines[i].split(QLatin1Char(','))[7].toLongLong();
  }
  QCOMPARE(multAdds, 76524800LL);
  QCOMPARE(weights, 1319648LL);
  QVERIFY(lines.last().startsWith("total,,,,,,76524800,1319648,"));
}

// --version and -V: this version, the LibTorch in use and the folder it was loaded from,
// whether CUDA is there, the resources folder found; exit 0 without a subcommand.
void TestCli::version_data() {
  QTest::addColumn<QString>("flag");
  QTest::newRow("--version") << "--version";
  QTest::newRow("-V") << "-V";
}

void TestCli::version() {
  QFETCH(QString, flag);
  const Run run = cli({flag});
  QCOMPARE(run.exitCode, 0);
  const QStringList lines = QString::fromUtf8(run.out).trimmed().split(QLatin1Char('\n'));
  QCOMPARE(lines.size(), 4);
  QVERIFY2(QRegularExpression("^mobilenet-lab-cli \\d+\\.\\d+\\.\\d+$").match(lines[0]).hasMatch(),
           qPrintable(lines[0]));
  const QRegularExpressionMatch torch =
      QRegularExpression("^LibTorch \\d+\\.\\d+\\.\\d+\\S*, loaded from (/.+)$").match(lines[1]);
  QVERIFY2(torch.hasMatch(), qPrintable(lines[1]));
  QVERIFY(QFile::exists(torch.captured(1) + "/libc10.so"));
  QVERIFY2(lines[2].startsWith("CUDA: available, ") || lines[2].startsWith("CUDA: not available ("),
           qPrintable(lines[2]));
  QVERIFY(lines[3].startsWith("Resources: "));
  QVERIFY(QFile::exists(lines[3].mid(11) + "/imagenet_labels_1001.txt"));
  QVERIFY(run.err.isEmpty());
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
  QTest::newRow("cost csv and json") << QStringList{"cost", "--csv", "--json"} << "excludes";
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
  // Out of range: refused before any work, naming the option, the bound and the value. Past
  // these bounds the cost figures overflowed and classify/bench aborted in LibTorch's allocator.
  QTest::newRow("cost alpha 1e9")
      << QStringList{"cost", "--alpha", "1e9"} << "--alpha must be at most 4, not 1e+09";
  QTest::newRow("cost resolution 100000")
      << QStringList{"cost", "--resolution", "100000"}
      << "--resolution must be at most 2048 pixels, not 100000";
  QTest::newRow("cost classes 10^9")
      << QStringList{"cost", "--classes", "1000000000"}
      << "--classes must be at most 100000, not 1000000000";
  QTest::newRow("classify alpha 5")
      << QStringList{"classify", photo, "--alpha", "5"} << "--alpha must be at most 4, not 5";
  QTest::newRow("classify resolution 100000")
      << QStringList{"classify", photo, "--resolution", "100000"}
      << "--resolution must be at most 2048 pixels, not 100000";
  QTest::newRow("classify top 0")
      << QStringList{"classify", photo, "--top", "0"} << "--top must be at least 1, not 0";
  QTest::newRow("classify top -3")
      << QStringList{"classify", photo, "--top=-3"} << "--top must be at least 1, not -3";
  QTest::newRow("classify top not a number")
      << QStringList{"classify", photo, "--top", "many"} << "--top";
  QTest::newRow("classify takes no --threads")  // only bench and the window have it
      << QStringList{"classify", photo, "--threads", "2"} << "--threads";
  QTest::newRow("classify weights with an empty head")
      << QStringList{"classify", photo, "--weights", "a.tflite,"}
      << "--weights takes FILE or FILE,HEAD_FILE";
  QTest::newRow("bench alpha 0") << QStringList{"bench", "--alpha", "0"} << "greater than 0";
  QTest::newRow("bench resolution 100000")
      << QStringList{"bench", "--resolution", "100000"}
      << "--resolution must be at most 2048 pixels, not 100000";
  QTest::newRow("bench batch 0")
      << QStringList{"bench", "--batch", "0"} << "--batch must be from 1 to 256, not 0";
  QTest::newRow("bench batch 100000")
      << QStringList{"bench", "--batch", "100000"} << "--batch must be from 1 to 256, not 100000";
  QTest::newRow("bench iters 0")
      << QStringList{"bench", "--iters", "0"} << "--iters must be at least 1, not 0";
  QTest::newRow("bench warmup -1")
      << QStringList{"bench", "--warmup=-1"} << "--warmup must be at least 0, not -1";
  QTest::newRow("bench threads -1")
      << QStringList{"bench", "--threads=-1"}
      << "--threads must be from 0 (LibTorch's default) to 256, not -1";
  QTest::newRow("bench openmp-wait spin")
      << QStringList{"bench", "--openmp-wait", "spin"} << "passive or active, not 'spin'";
  QTest::newRow("bench threads 100000")
      << QStringList{"bench", "--threads", "100000"}
      << "--threads must be from 0 (LibTorch's default) to 256, not 100000";
  QTest::newRow("bench device") << QStringList{"bench", "--device", "tpu"} << "'tpu'";
  QTest::newRow("classify precision") << QStringList{"classify", photo, "--precision", "fp8"}
                                      << "the precision must be 'fp32', 'fp16', 'bf16' or 'int8', not 'fp8'";
  QTest::newRow("classify preprocess-on") << QStringList{"classify", photo, "--preprocess-on", "gpu"}
                                          << "--preprocess-on must be 'device' or 'cpu', not 'gpu'";
  QTest::newRow("bench precision") << QStringList{"bench", "--precision", "int4"}
                                   << "the precision must be 'fp32', 'fp16', 'bf16' or 'int8', not 'int4'";
  QTest::newRow("bench channels-last")
      << QStringList{"bench", "--channels-last", "maybe"}
      << "--channels-last must be auto, on or off, not 'maybe'";
  QTest::newRow("bench preprocess 0x5")
      << QStringList{"bench", "--preprocess", "0x5"} << "--preprocess takes WxH";
  QTest::newRow("bench preprocess 640") << QStringList{"bench", "--preprocess", "640"}
                                        << "--preprocess takes WxH";
}

// What bench says it ran: the precision, the layout, CUDA graphs (never on the CPU) and, with
// --preprocess, the time to turn a frame into the network's input.
void TestCli::benchReportsRuntime_data() {
  QTest::addColumn<QStringList>("options");
  QTest::addColumn<QString>("precision");
  QTest::addColumn<bool>("channelsLast");
  QTest::addColumn<bool>("direct");  // on the direct oneDNN path, where the build has it
  QTest::newRow("defaults") << QStringList{} << "fp32" << true << true;
  QTest::newRow("LibTorch per layer") << QStringList{"--no-direct"} << "fp32" << true << false;
  QTest::newRow("fp16, NCHW") << QStringList{"--precision", "fp16", "--channels-last", "off"}
                              << "fp16" << false << false;
}

void TestCli::benchReportsRuntime() {
  QFETCH(QStringList, options);
  QFETCH(QString, precision);
  QFETCH(bool, channelsLast);
  const Run run = cli(QStringList{"bench", "--alpha", "0.25", "--resolution", "64", "--iters",
                                  "3", "--warmup", "1", "--no-layers", "--threads", "1",
                                  "--preprocess", "320x240", "--json"} +
                      options);
  QVERIFY2(run.exitCode == 0, run.err.constData());
  const QJsonObject out = QJsonDocument::fromJson(run.out).object();
  QCOMPARE(out["precision"].toString(), precision);
  QCOMPARE(out["channels_last"].toBool(), channelsLast);
  QCOMPARE(out["cuda_graphs"].toBool(), false);
#ifdef MNL_WITH_ONEDNN
  QFETCH(bool, direct);
  QCOMPARE(out["direct_onednn"].toString().startsWith("oneDNN "), direct);
  // The direct path names the kernel of every layer; LibTorch's dispatcher chooses its own.
  QCOMPARE(out["kernels"].toObject().size(), direct ? 13 * 2 + 3 : 0);
#else
  QCOMPARE(out["direct_onednn"].toString(), QString());
#endif
  const QJsonObject pre = out["preprocess"].toObject();
  QCOMPARE(pre["frame"].toString(), QString("320x240"));
  QVERIFY2(pre["cpu_median_ms"].toDouble() > 0, run.out.constData());
  QCOMPARE(pre["cpu_levels_from_cpu"].toDouble(), 0.0);
}

// How the OpenMP threads wait: OpenMP's default unless the environment or --openmp-wait says
// otherwise, checked both in what bench reports and in what the OpenMP runtime itself read
// (OMP_DISPLAY_ENV=verbose makes libgomp print its settings when it starts; its GOMP_SPINCOUNT
// line tells the policies apart: 0 passive, 300000 by default, 30000000000 active; its
// OMP_WAIT_POLICY line says PASSIVE for the default too).
void TestCli::benchOpenMpWait_data() {
  QTest::addColumn<QStringList>("environment");
  QTest::addColumn<QStringList>("options");
  QTest::addColumn<QString>("reported");
  QTest::addColumn<QString>("runtimeRead");  // libgomp's GOMP_SPINCOUNT line
  QTest::newRow("default") << QStringList{} << QStringList{} << "OpenMP's default"
                           << "'300000'";
  QTest::newRow("environment active")
      << QStringList{"OMP_WAIT_POLICY=active"} << QStringList{} << "active (environment)"
      << "'30000000000'";
  QTest::newRow("environment spin count")
      << QStringList{"GOMP_SPINCOUNT=1000"} << QStringList{}
      << "GOMP_SPINCOUNT=1000 (environment)" << "'1000'";
  QTest::newRow("--openmp-wait passive")
      << QStringList{} << QStringList{"--openmp-wait", "passive"} << "passive (environment)"
      << "'0'";
  QTest::newRow("--openmp-wait active")
      << QStringList{} << QStringList{"--openmp-wait", "active"} << "active (environment)"
      << "'30000000000'";
  QTest::newRow("--openmp-wait passive over the environment")
      << QStringList{"OMP_WAIT_POLICY=active"} << QStringList{"--openmp-wait", "passive"}
      << "passive (environment)" << "'0'";
}

void TestCli::benchOpenMpWait() {
  QFETCH(QStringList, environment);
  QFETCH(QStringList, options);
  QFETCH(QString, reported);
  QFETCH(QString, runtimeRead);
  const Run run = cli(QStringList{"bench", "--alpha", "0.25", "--resolution", "64", "--iters",
                                  "2", "--warmup", "0", "--no-layers", "--threads", "2", "--json"} +
                          options,
                      environment + QStringList{"OMP_DISPLAY_ENV=verbose"});
  QVERIFY2(run.exitCode == 0, run.err.constData());
  QCOMPARE(QJsonDocument::fromJson(run.out).object()["openmp_wait"].toString(), reported);
  const QString read = QString::fromUtf8(run.err);
  // The last start's settings (a restart prints them twice).
  const QString last = read.mid(read.lastIndexOf("OPENMP DISPLAY ENVIRONMENT BEGIN"));
  QVERIFY2(last.contains("GOMP_SPINCOUNT = " + runtimeRead), qPrintable(last.left(600)));
  // --openmp-wait differing from how it started: started again, once.
  QVERIFY2(read.count("OPENMP DISPLAY ENVIRONMENT BEGIN") == (options.isEmpty() ? 1 : 2),
           qPrintable(read.left(600)));
}

// classify --precision fp16 on the CPU (slow there, but it runs): same answer as fp32 on a
// clear photo, probability within 0.01, and the JSON says which precision ran.
void TestCli::classifyInFloat16() {
  QList<QJsonObject> results;
  for (const char* precision : {"fp32", "fp16"}) {
    const Run run = cli({"classify", data("parrot.jpg"), "--alpha", "0.25", "--top", "1",
                         "--precision", precision, "--json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    results << jsonList(run)[0].toObject();
    QCOMPARE(results.back()["precision"].toString(), QString(precision));
  }
  const QJsonObject fp32 = results[0]["top"].toArray()[0].toObject();
  const QJsonObject fp16 = results[1]["top"].toArray()[0].toObject();
  QCOMPARE(fp16["label"].toString(), fp32["label"].toString());
  QVERIFY2(std::abs(fp16["prob"].toDouble() - fp32["prob"].toDouble()) < 0.01,
           qPrintable(QString("%1 vs %2").arg(fp16["prob"].toDouble()).arg(fp32["prob"].toDouble())));
}

// bf16 and int8 where this CPU has them: the same top-1 as fp32 on the parrot, int8 with the
// scales `calibrate` wrote; a calibration of another width refused; `bench` runs both.
void TestCli::reducedPrecisionOnTheCpu() {
  QTemporaryDir dir;
  const QString scales = dir.path() + "/scales.json";
  const Run calibrated = cli({"calibrate", data("bird.bmp"), data("cat.bmp"), data("owl.jpg"),
                              "--alpha", "0.5", "--out", scales});
  QVERIFY2(calibrated.exitCode == 0, calibrated.err.constData());
  QVERIFY2(calibrated.out.contains("on 3 frames"), calibrated.out.constData());
  QVERIFY(QFile::exists(scales));
  const Run fp32 = cli({"classify", data("parrot.jpg"), "--alpha", "0.5", "--top", "1", "--json"});
  QVERIFY2(fp32.exitCode == 0, fp32.err.constData());
  const QString expected =
      jsonList(fp32)[0].toObject()["top"].toArray()[0].toObject()["label"].toString();
  for (const QStringList& precision :
       {QStringList{"bf16"}, QStringList{"int8", "--calibration", scales}, QStringList{"int8"}}) {
    const Run run = cli(QStringList{"classify", data("parrot.jpg"), "--alpha", "0.5", "--top",
                                    "1", "--json", "--precision"} + precision);
    if (run.exitCode == 1 && run.err.contains("needs")) {
      qInfo("%s", run.err.constData());  // this CPU lacks the instructions: said, not run
      continue;
    }
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject result = jsonList(run)[0].toObject();
    QCOMPARE(result["precision"].toString(), precision.front());
    QCOMPARE(result["top"].toArray()[0].toObject()["label"].toString(), expected);
    const Run bench = cli({"bench", "--alpha", "0.25", "--resolution", "128", "--iters", "3",
                           "--no-layers", "--json", "--precision", precision.front()});
    QVERIFY2(bench.exitCode == 0, bench.err.constData());
    const QJsonObject report = QJsonDocument::fromJson(bench.out).object();
    QCOMPARE(report["precision"].toString(), precision.front());
    QVERIFY(report["direct_onednn"].toString().startsWith("oneDNN"));
    // Which kernels ran, by oneDNN's names: the format's instructions in the pointwise layers,
    // float32 in conv0 (kept so), every layer named.
    const QJsonObject kernels = report["kernels"].toObject();
    QCOMPARE(kernels.size(), 13 * 2 + 3);  // conv0, dw1…13, pw1…13, pool, fc
    const QString pw1 = kernels["pw1"].toString();
    QVERIFY2(pw1.contains(precision.front() == "int8" ? "vnni" : "bf16") || pw1.contains("amx"),
             qPrintable(pw1));
    QVERIFY2(!kernels["conv0"].toString().contains("vnni"),
             qPrintable(kernels["conv0"].toString()));
    for (const QString& layer : kernels.keys())
      QVERIFY2(!kernels[layer].toString().isEmpty(), qPrintable(layer));
  }
  const Run wrongWidth = cli({"classify", data("parrot.jpg"), "--alpha", "1.0", "--precision",
                              "int8", "--calibration", scales});
  if (!wrongWidth.err.contains("needs")) {
    QCOMPARE(wrongWidth.exitCode, 1);
    QVERIFY2(wrongWidth.err.contains("measured at alpha 0.5"), wrongWidth.err.constData());
  }
  const Run notInt8 = cli({"classify", data("parrot.jpg"), "--calibration", scales});
  QCOMPARE(notInt8.exitCode, 2);
  QVERIFY2(notInt8.err.contains("--calibration goes with --precision int8 or bf16"), notInt8.err.constData());
}

// oneDNN told to use less than the CPU has (ONEDNN_MAX_CPU_ISA), as on a CPU without the
// instructions: refused, with the reason, before anything runs.
void TestCli::reducedPrecisionRefusedWithoutTheInstructions_data() {
  QTest::addColumn<QString>("isa");
  QTest::addColumn<QString>("precision");
  QTest::addColumn<QString>("says");
  QTest::newRow("int8 on AVX2") << "AVX2" << "int8" << "int8 needs int8 dot-product";
  QTest::newRow("int8 on AVX-512 without VNNI") << "AVX512_CORE" << "int8" << "VNNI";
  QTest::newRow("bf16 on AVX-512 VNNI") << "AVX512_CORE_VNNI" << "bf16" << "bf16 needs AVX512_BF16";
}

// MNL_BF16_EMULATION=1 on an AVX-512 CPU without AVX512_BF16 (hidden here by
// ONEDNN_MAX_CPU_ISA, so a CPU that has it is tested the same way): bf16 runs in oneDNN's
// software conversion, with fp32's top-1 on the parrot (with a calibration file's means too) and
// a note that its time is not bf16's; a sweep does not time it (fp32 instead, saying why).
// Without the variable it is refused, saying how to ask; without AVX-512, refused all the same.
void TestCli::bf16EmulatedWhereAsked() {
  const QStringList classify{"classify", data("parrot.jpg"), "--alpha", "0.5", "--top", "1",
                             "--json", "--precision"};
  const Run onAvx2 = cli(classify + QStringList{"bf16"},
                         {"ONEDNN_MAX_CPU_ISA=AVX2", "MNL_BF16_EMULATION=1"});
  QCOMPARE(onAvx2.exitCode, 1);
  QVERIFY2(onAvx2.err.contains("bf16 needs AVX512_BF16"), onAvx2.err.constData());
  QVERIFY2(!onAvx2.err.contains("MNL_BF16_EMULATION"), onAvx2.err.constData());  // no way out
  const QStringList emulated{"ONEDNN_MAX_CPU_ISA=AVX512_CORE_VNNI", "MNL_BF16_EMULATION=1"};
  const Run run = cli(classify + QStringList{"bf16"}, emulated);
  if (run.exitCode == 1 && run.err.contains("needs"))
    QSKIP(run.err.trimmed().constData());  // no AVX-512 here: nothing to emulate on
  // Not asked for, it is refused, and the refusal says how to ask.
  const Run refused = cli(classify + QStringList{"bf16"}, {emulated.front()});
  QCOMPARE(refused.exitCode, 1);
  QVERIFY2(refused.err.contains("MNL_BF16_EMULATION=1 runs it emulated"), refused.err.constData());
  QVERIFY2(run.exitCode == 0, run.err.constData());
  QVERIFY2(run.err.contains("bf16 is emulated in software on this CPU"), run.err.constData());
  const Run fp32 = cli(classify + QStringList{"fp32"});
  QVERIFY2(fp32.exitCode == 0, fp32.err.constData());
  const QJsonObject got = jsonList(run)[0].toObject(), expected = jsonList(fp32)[0].toObject();
  QCOMPARE(got["precision"].toString(), QString("bf16"));
  const QJsonObject top = got["top"].toArray()[0].toObject();
  QCOMPARE(top["label"].toString(),
           expected["top"].toArray()[0].toObject()["label"].toString());
  QVERIFY(std::abs(top["prob"].toDouble() -
                   expected["top"].toArray()[0].toObject()["prob"].toDouble()) < 0.05);
  // The channel means of a calibration file correct bf16's biases as they do int8's.
  QTemporaryDir dir;
  const QString scales = dir.path() + "/scales.json";
  const Run calibrated = cli({"calibrate", data("bird.bmp"), data("owl.jpg"), "--alpha", "0.5",
                              "--out", scales});
  QVERIFY2(calibrated.exitCode == 0, calibrated.err.constData());
  const Run withMeans = cli(classify + QStringList{"bf16", "--calibration", scales}, emulated);
  QVERIFY2(withMeans.exitCode == 0, withMeans.err.constData());
  QCOMPARE(jsonList(withMeans)[0].toObject()["top"].toArray()[0].toObject()["label"].toString(),
           top["label"].toString());
  const Run sweep = cli({"sweep", "--alphas", "0.25", "--resolutions", "128", "--threads", "1",
                         "--iters", "2", "--precision", "bf16", "--json"},
                        emulated);
  QVERIFY2(sweep.exitCode == 0, sweep.err.constData());
  QVERIFY2(sweep.err.contains("its time is not: FP32 runs instead"), sweep.err.constData());
  QCOMPARE(QJsonDocument::fromJson(sweep.out).object()["machine"].toObject()["precision"]
               .toString(),
           QString("fp32"));
}

void TestCli::reducedPrecisionRefusedWithoutTheInstructions() {
  QFETCH(QString, isa);
  QFETCH(QString, precision);
  QFETCH(QString, says);
  const Run run = cli({"bench", "--alpha", "0.25", "--resolution", "128", "--iters", "1",
                       "--no-layers", "--precision", precision},
                      {"ONEDNN_MAX_CPU_ISA=" + isa});
  QCOMPARE(run.exitCode, 1);
  QVERIFY2(run.err.contains(says.toUtf8()), run.err.constData());
  QVERIFY(run.out.isEmpty());
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

// --top past the class count lists every class once, most probable first, not an error.
void TestCli::topLargerThanClasses() {
  const Run run = cli({"classify", data("parrot.jpg"), "--alpha", "0.25", "--top", "5000",
                       "--json"});
  QVERIFY2(run.exitCode == 0, run.err.constData());
  const QJsonArray results = jsonList(run);
  QCOMPARE(results.size(), 1);
  const QJsonArray top = results[0]["top"].toArray();
  QCOMPARE(top.size(), 1001);  // the TFLite models' classes
  QSet<int> indices;
  double sum = 0;
  for (const QJsonValue guess : top) {
    indices.insert(guess["index"].toInt());
    sum += guess["prob"].toDouble();
  }
  QCOMPARE(indices.size(), 1001);
  QVERIFY2(std::abs(sum - 1.0) < 1e-3, qPrintable(QString::number(sum)));
  QCOMPARE(top[0]["label"].toString(), QString("macaw"));
}

// The CUDA back end (libmnl-cuda.so, LibTorch's CUDA half with it) is loaded only where NVIDIA's
// driver is installed, and --version says what became of it. MNL_CUDA_BACKEND=force loads it
// without a driver: the plugin itself then loads and links here, and LibTorch sees no GPU.
void TestCli::cudaBackendLoading_data() {
  QTest::addColumn<QString>("setting");  // MNL_CUDA_BACKEND
  QTest::addColumn<QString>("expected");  // the CUDA line of --version
  const bool driver = QLibrary("cuda", 1).load();
  if (!driver)
    QTest::newRow("no driver") << "" << "CUDA: not available (no NVIDIA driver (libcuda.so.1))";
  QTest::newRow("off") << "off" << "CUDA: not available (turned off (MNL_CUDA_BACKEND=off))";
#ifdef MNL_WITH_CUDA_BACKEND
  if (!driver) QTest::newRow("forced, no GPU") << "force" << "CUDA: not available (no GPU found)";
#else
  QTest::newRow("forced, not built")
      << "force" << "CUDA: not available (this build has no CUDA back end (libmnl-cuda.so))";
#endif
}

void TestCli::cudaBackendLoading() {
  QFETCH(QString, setting);
  QFETCH(QString, expected);
  const Run run = cli({"--version"}, {"MNL_CUDA_BACKEND=" + setting});
  QCOMPARE(run.exitCode, 0);
  const QStringList lines = QString::fromUtf8(run.out).trimmed().split(QLatin1Char('\n'));
  QVERIFY(lines.size() > 2);
  QCOMPARE(lines[2], expected);
}

// `--device cuda` on a machine without a GPU: the CPU does the work, stderr says so once, and
// the exit code is 0 (README, "CPU or GPU"). On a GPU machine there is nothing to check.
void TestCli::cudaWithoutGpu_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<QString>("cpu");  // what stdout says about the device
  QTest::newRow("classify") << QStringList{"classify", data("parrot.jpg"), "--alpha", "0.25",
                                           "--top", "1", "--device", "cuda"}
                            << "; CPU, fp32; centre-square crop";
  QTest::newRow("bench") << QStringList{"bench",  "--device", "cuda", "--alpha", "0.25",
                                        "--resolution", "32", "--iters", "1", "--warmup",
                                        "0", "--no-layers", "--threads", "1"}
#ifdef MNL_WITH_ONEDNN
                         << "batch 1, CPU fp32, direct on oneDNN ";
#else
                         << "batch 1, CPU fp32, LibTorch, channels-last, 1 threads";
#endif
}

void TestCli::cudaWithoutGpu() {
  QFETCH(QStringList, arguments);
  QFETCH(QString, cpu);
  const Run run = cli(arguments);
  if (run.out.contains("CUDA")) QSKIP("this machine has a GPU");
  QVERIFY2(run.exitCode == 0, run.err.constData());
  QCOMPARE(run.err.count("mobilenet-lab-cli: no CUDA device found; running on the CPU\n"), 1);
  QVERIFY2(run.out.contains(cpu.toUtf8()), run.out.constData());
}

// Weights files given on the command line that cannot be used: exit 1, one line naming the
// file and what is wrong, nothing classified. (tst_weights checks the readers' messages in
// detail; this is what a person sees.)
void TestCli::badWeights_data() {
  QTest::addColumn<QStringList>("arguments");  // after "classify parrot.jpg"
  QTest::addColumn<QStringList>("expected");   // parts of the message
  const QString resources = QStringLiteral(MNL_RESOURCES_DIR "/");
  const QString body = resources + "mobilenet_v1_1.0_224_quant_embedding_extractor.tflite";
  const QString q50 = resources + "mobilenet_v1_0.5_160_quant.tflite";
  QTest::newRow("body without head")
      << QStringList{"--weights", body}
      << QStringList{"mobilenet_v1_1.0_224_quant_embedding_extractor.tflite'",
                     "expected its head file", "found none"};
  QTest::newRow("another alpha") << QStringList{"--alpha", "0.75", "--weights", q50}
                                 << QStringList{"mobilenet_v1_0.5_160_quant.tflite'",
                                                "expected α 0.75", "found α 0.5"};
  QTest::newRow("truncated") << QStringList{"--alpha", "0.5", "--weights", "TRUNCATED"}
                             << QStringList{"truncated.tflite'",
                                            "corrupted or truncated TFLite file"};
  QTest::newRow("the labels file")
      << QStringList{"--weights", resources + "imagenet_labels_1001.txt"}
      << QStringList{"imagenet_labels_1001.txt'", "found a text file"};
  QTest::newRow("a photo") << QStringList{"--weights", data("parrot.jpg")}
                           << QStringList{"parrot.jpg'", "found a JPEG image"};
  QTest::newRow("missing") << QStringList{"--weights", "/no/such/weights.tflite"}
                           << QStringList{"weights.tflite'", "no such weights file"};
#if defined(MNL_PYTORCH_FIXTURES_DIR)
  // PyTorch checkpoints and safetensors files that must be refused (make_pytorch_fixtures.py).
  const QString fixtures = QStringLiteral(MNL_PYTORCH_FIXTURES_DIR "/");
  QTest::newRow("pickle with os.system") << QStringList{"--weights", fixtures + "evil.pth"}
                                         << QStringList{"evil.pth'", "posix.system"};
  QTest::newRow("truncated checkpoint") << QStringList{"--weights", fixtures + "truncated.pth"}
                                        << QStringList{"truncated.pth'", "truncated"};
  QTest::newRow("a ResNet") << QStringList{"--weights", fixtures + "resnet.pth"}
                            << QStringList{"resnet.pth'", "found conv1.weight"};
  QTest::newRow("a wrong-shaped tensor")
      << QStringList{"--weights", fixtures + "wrong_shape.pth"}
      << QStringList{"wrong_shape.pth'", "bottleneck.5.depthwise.0.weight", "[32, 1, 3, 3]"};
  QTest::newRow("safetensors lying about offsets")
      << QStringList{"--weights", fixtures + "lying.safetensors"}
      << QStringList{"lying.safetensors'", "data section holds"};
#endif
}

void TestCli::badWeights() {
  QFETCH(QStringList, arguments);
  QFETCH(QStringList, expected);
  QTemporaryDir dir;
  const int at = int(arguments.indexOf("TRUNCATED"));
  if (at >= 0) {
    QFile whole(QStringLiteral(MNL_RESOURCES_DIR "/mobilenet_v1_0.5_160_quant.tflite"));
    QVERIFY(whole.open(QIODevice::ReadOnly));
    QFile cut(dir.filePath("truncated.tflite"));
    QVERIFY(cut.open(QIODevice::WriteOnly));
    cut.write(whole.read(whole.size() / 2));
    arguments[at] = cut.fileName();
  }
  const Run run = cli(QStringList{"classify", data("parrot.jpg")} + arguments);
  QCOMPARE(run.exitCode, 1);
  QVERIFY(run.out.isEmpty());
  const QString err = QString::fromUtf8(run.err);
  QCOMPARE(err.count('\n'), 1);
  QVERIFY2(err.startsWith("mobilenet-lab-cli: "), qPrintable(err));
  for (const QString& part : expected)
    QVERIFY2(err.contains(part), qPrintable("'" + part + "' not in: " + err));
}

// The demo clip with frames 51 and 52 (1-based) destroyed: they are named on stderr, the other
// frames are classified with their numbers as in the file, and the exit code says a problem
// was met.
void TestCli::damagedVideoFrames() {
  QFile demo(QStringLiteral(MNL_RESOURCES_DIR "/demo/demo.avi"));
  QVERIFY(demo.open(QIODevice::ReadOnly));
  const QByteArray damaged = mnl::test::withDamagedFrames(demo.readAll(), {50, 51}, 150);
  QVERIFY2(!damaged.isEmpty(), "demo.avi is not laid out as expected");
  QTemporaryDir dir;
  QFile clip(dir.filePath("damaged.avi"));
  QVERIFY(clip.open(QIODevice::WriteOnly));
  clip.write(damaged);
  clip.close();
  const Run run = cli({"classify", clip.fileName(), "--alpha", "0.25", "--every", "25", "--top",
                       "1", "--json"});
  if (run.exitCode == 1 && run.err.contains("without OpenCV")) QSKIP("built without OpenCV");
  QCOMPARE(run.exitCode, 1);
  QVERIFY2(run.err.contains((clip.fileName() + ": frames 51 to 52 of 150 could not be decoded; "
                                               "skipped\n").toUtf8()),
           run.err.constData());
  QVERIFY2(run.err.contains("1 input could not be read"), run.err.constData());
  const QJsonArray results = jsonList(run);
  QList<int> frames;
  for (const QJsonValue result : results) frames << result["frame"].toInt();
  QCOMPARE(frames, (QList<int>{0, 25, 75, 100, 125}));  // 50 is gone, the rest keep their numbers
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

#if defined(MNL_PYTORCH_FIXTURES_DIR)
namespace {

// A uniform 32×24 BMP of one RGB colour: no preprocessing can differ between the CLI and
// PyTorch on it.
QString uniformBmp(const QTemporaryDir& dir, int r, int g, int b) {
  const int width = 32, height = 24, row = width * 3, size = 54 + row * height;
  QByteArray bytes(size, '\0');
  auto put = [&](int at, quint32 value, int count) {
    for (int i = 0; i < count; ++i) bytes[at + i] = char((value >> (8 * i)) & 0xff);
  };
  bytes[0] = 'B';
  bytes[1] = 'M';
  put(2, size, 4);
  put(10, 54, 4);
  put(14, 40, 4);
  put(18, width, 4);
  put(22, height, 4);
  put(26, 1, 2);
  put(28, 24, 2);
  for (int p = 54; p < size; p += 3) {
    bytes[p] = char(b);
    bytes[p + 1] = char(g);
    bytes[p + 2] = char(r);
  }
  const QString file = dir.filePath(QString("colour-%1-%2-%3.bmp").arg(r).arg(g).arg(b));
  QFile out(file);
  if (out.open(QIODevice::WriteOnly)) out.write(bytes);
  return file;
}

QJsonObject expectedAnswers(const QString& checkpoint) {
  QFile in(QStringLiteral(MNL_PYTORCH_FIXTURES_DIR "/expected.json"));
  if (!in.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(in.readAll()).object()[checkpoint].toObject();
}

}  // namespace

// The notebook's model, bare state dict: the CLI's top-5 is PyTorch's, to 1e-4.
void TestCli::userModelTop5() {
  const QJsonObject expected = expectedAnswers("notebook_1000.pth");
  QVERIFY(!expected.isEmpty());
  QTemporaryDir dir;
  const int colour = 2;
  const QJsonArray rgb = expected["colours"][colour].toArray();
  const QString image = uniformBmp(dir, rgb[0].toInt(), rgb[1].toInt(), rgb[2].toInt());
  const Run run = cli({"classify", image, "--weights",
                       QStringLiteral(MNL_PYTORCH_FIXTURES_DIR "/notebook_1000.pth"), "--json"});
  QCOMPARE(run.exitCode, 0);
  const QJsonArray results = jsonList(run);
  const QJsonArray top = results[0]["top"].toArray();
  QCOMPARE(top.size(), 5);
  std::vector<std::pair<double, int>> theirs;
  const QJsonArray probabilities = expected["probabilities"][colour].toArray();
  for (int i = 0; i < probabilities.size(); ++i)
    theirs.emplace_back(probabilities[i].toDouble(), i);
  std::sort(theirs.rbegin(), theirs.rend());
  for (int k = 0; k < 5; ++k) {
    QCOMPARE(top[k]["index"].toInt(), theirs[k].second);
    QVERIFY(std::abs(top[k]["prob"].toDouble() - theirs[k].first) <= 1e-4);
  }
  // 1000 classes without a labels file: ImageNet's, without the background entry.
  QVERIFY(!top[0]["label"].toString().startsWith("class "));
}

void TestCli::userModelLabelsNormalizeConvert() {
  const QString checkpoint = QStringLiteral(MNL_PYTORCH_FIXTURES_DIR "/nested_025_10.pth");
  QTemporaryDir dir;
  const QString image = uniformBmp(dir, 20, 160, 90);
  const auto top1 = [&](const QStringList& extra) {
    const Run run = cli(QStringList{"classify", image, "--top", "1", "--json"} + extra);
    const QJsonArray results = jsonList(run);
    return std::make_pair(run.exitCode, results[0]["top"][0].toObject());
  };
  const auto plain = top1({"--weights", checkpoint});
  QCOMPARE(plain.first, 0);
  QVERIFY(plain.second["label"].toString().startsWith("class "));
  // --labels: one a line.
  QFile labels(dir.filePath("labels.txt"));
  QVERIFY(labels.open(QIODevice::WriteOnly));
  for (int i = 0; i < 10; ++i) labels.write(QString("label %1\n").arg(i).toUtf8());
  labels.close();
  const auto named = top1({"--weights", checkpoint, "--labels", labels.fileName()});
  QCOMPARE(named.second["label"].toString(),
           QString("label %1").arg(plain.second["index"].toInt()));
  // --normalize: another input, another answer.
  const auto other = top1({"--weights", checkpoint, "--normalize", "minus-one-to-one"});
  QCOMPARE(other.first, 0);
  QVERIFY(std::abs(other.second["prob"].toDouble() - plain.second["prob"].toDouble()) > 1e-3);
  QCOMPARE(cli({"classify", image, "--weights", checkpoint, "--normalize", "bgr"}).exitCode, 2);
  // convert: this app's format gives the same answer.
  const QString converted = dir.filePath("converted.pt");
  const Run convert = cli({"convert", checkpoint, converted});
  QCOMPARE(convert.exitCode, 0);
  QVERIFY2(convert.out.contains("PyTorch checkpoint"), convert.out.constData());
  const auto again = top1({"--weights", converted});
  QCOMPARE(again.second["index"].toInt(), plain.second["index"].toInt());
  QVERIFY(std::abs(again.second["prob"].toDouble() - plain.second["prob"].toDouble()) <= 1e-6);
  // A bad file: exit 1, one line naming it, nothing written.
  const Run refused = cli({"convert", QStringLiteral(MNL_PYTORCH_FIXTURES_DIR "/evil.pth"),
                           dir.filePath("evil.pt")});
  QCOMPARE(refused.exitCode, 1);
  QVERIFY(refused.err.contains("evil.pth'"));
  QVERIFY(!QFile::exists(dir.filePath("evil.pt")));
}
#endif

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
