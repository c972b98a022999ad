// SPDX-License-Identifier: GPL-3.0-or-later
// What mobilenet-lab-cli writes and what it refuses to read (issue "nothing lost, nothing
// unbounded"): convert's output is the old file or the new one, whole, when the program is
// killed at any moment; a full disk is one line and exit 1 with the old file intact; an image
// bomb is refused from its header, quickly and cheaply; running out of memory is one line and
// exit 1, never an abort.
#include <QtTest>

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include "../media/image_bomb.h"
#include "cli_process.h"

using namespace mnl::test;

namespace {

QByteArray digest(const QString& file) {
  QFile in(file);
  if (!in.open(QIODevice::ReadOnly)) return {};
  return QCryptographicHash::hash(in.readAll(), QCryptographicHash::Sha256);
}

QString resource(const char* name) { return QStringLiteral(MNL_RESOURCES_DIR "/") + name; }

// Whether this process runs under a sanitizer, whose allocator changes what memory and time say.
constexpr bool kSanitized =
#if defined(__SANITIZE_ADDRESS__)
    true;
#else
    false;
#endif

}  // namespace

class TestCliFiles : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void convertKilledWhileWriting();
  void convertOnAFullDisk();
  void imageBomb();
  void outOfMemory();

 private:
  QTemporaryDir dir_;
  QString oldFile_, newReference_;
  QByteArray oldDigest_, newDigest_;
};

// The file convert replaces (the 0.25 model) and what the new one must be (the 0.75 model),
// each written once by a run left alone.
void TestCliFiles::initTestCase() {
  QVERIFY(dir_.isValid());
  newReference_ = dir_.filePath("reference.pt");
  QCOMPARE(cli({"convert", resource("mobilenet_v1_0.75_192_quant.tflite"), newReference_}).exitCode, 0);
  newDigest_ = digest(newReference_);
  oldFile_ = dir_.filePath("old.pt");
  QCOMPARE(cli({"convert", resource("mobilenet_v1_0.25_128_quant.tflite"), oldFile_}).exitCode, 0);
  oldDigest_ = digest(oldFile_);
  QVERIFY(oldDigest_ != newDigest_);
}

// SIGKILL at moments spread over the whole run (start-up, reading, converting, writing): the
// target is always the old file or the new one, never a mix, and never missing.
void TestCliFiles::convertKilledWhileWriting() {
  QElapsedTimer clock;
  clock.start();
  const QString target = dir_.filePath("target.pt");
  QVERIFY(QFile::copy(oldFile_, target));
  QCOMPARE(cli({"convert", resource("mobilenet_v1_0.75_192_quant.tflite"), target}).exitCode, 0);
  const qint64 runMs = clock.elapsed();
  QCOMPARE(digest(target), newDigest_);
  int oldSeen = 0, newSeen = 0;
  for (int moment = 0; moment < 12; ++moment) {
    QFile::remove(target);
    QVERIFY(QFile::copy(oldFile_, target));
    QProcess process;
    process.start(QStringLiteral(MNL_CLI),
                  {"convert", resource("mobilenet_v1_0.75_192_quant.tflite"), target});
    QVERIFY(process.waitForStarted());
    QTest::qWait(int(runMs * moment / 11));
    // QProcess::kill is SIGKILL, and nothing once the run has ended (a bare kill() of its
    // process id, 0 by then, would have killed this test's whole process group).
    process.kill();
    process.waitForFinished();
    const QByteArray now = digest(target);
    QVERIFY2(now == oldDigest_ || now == newDigest_,
             qPrintable(QString("killed after %1 ms: a torn file").arg(runMs * moment / 11)));
    (now == oldDigest_ ? oldSeen : newSeen) += 1;
  }
  // Both ends were reached: early kills left the old file, late ones (or a finished run) the new.
  QVERIFY(oldSeen > 0);
}

// A 4 MB tmpfs in a mount namespace of the test's own, holding the old 2 MB model: the
// converted one (10 MB) cannot fit.
void TestCliFiles::convertOnAFullDisk() {
  if (QProcess::execute("unshare", {"--mount", "--map-root-user", "true"}) != 0)
    QSKIP("no mount namespace allowed here");
  const QString disk = dir_.filePath("disk");
  QVERIFY(QDir().mkpath(disk));
  QProcess process;
  process.start("unshare", {"--mount", "--map-root-user", "bash", "-c",
                            "mount -t tmpfs -o size=4m none \"$1\" && cp \"$2\" \"$1/model.pt\" && "
                            "\"$3\" convert \"$4\" \"$1/model.pt\"; code=$?; "
                            "sha256sum \"$1/model.pt\" >&2; ls -a \"$1\" >&2; exit $code",
                            "-", disk, oldFile_, QStringLiteral(MNL_CLI),
                            resource("mobilenet_v1_0.75_192_quant.tflite")});
  QVERIFY(process.waitForFinished(120000));
  const QString err = QString::fromUtf8(process.readAllStandardError());
  QCOMPARE(process.exitCode(), 1);
  QVERIFY2(err.contains("No space left on device"), qPrintable(err));
  QVERIFY2(err.count("mobilenet-lab-cli: ") == 1, qPrintable(err));
  QVERIFY2(!err.contains("terminate called"), qPrintable(err));
  // The old file, whole; no temporary left beside it.
  QVERIFY2(err.contains(QString::fromLatin1(oldDigest_.toHex())), qPrintable(err));
  QVERIFY2(!err.contains(".model.pt."), qPrintable(err));
}

// The bomb: 30000 × 30000 in under 3 MB. Refused before decoding, with the file, its
// size and the limit named; the process stays small and quick. --max-pixels moves the limit.
void TestCliFiles::imageBomb() {
  const QString bomb = dir_.filePath("bomb.png");
  QVERIFY(writePngBomb(bomb.toStdString(), 30000, 30000));
  // Peak resident memory and time of the child, as the kernel counts them.
  QProcess process;
  process.start("python3", {"-c",
                            "import resource, subprocess, sys, time\n"
                            "t = time.monotonic()\n"
                            "r = subprocess.run(sys.argv[1:], capture_output=True)\n"
                            "print(time.monotonic() - t, "
                            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)\n"
                            "sys.stderr.write(r.stderr.decode())",
                            QStringLiteral(MNL_CLI), "classify", bomb, "--alpha", "0.25"});
  QVERIFY(process.waitForFinished(120000));
  const QStringList figures = QString::fromUtf8(process.readAllStandardOutput()).split(' ');
  const QString err = QString::fromUtf8(process.readAllStandardError());
  QCOMPARE(figures.size(), 3);
  QCOMPARE(figures[2].trimmed().toInt(), 1);
  QVERIFY2(err.contains(bomb + ": 30000\u00d730000 pixels (PNG) is above the limit of 50 "
                               "megapixels; refused without decoding"),
           qPrintable(err));
  const double seconds = figures[0].toDouble();
  const double peakMiB = figures[1].toDouble() / 1024;
  qInfo("bomb refused in %.2f s, peak %.0f MiB resident", seconds, peakMiB);
  if (!kSanitized) {
    QVERIFY2(peakMiB < 300, qPrintable(QString("peak %1 MiB").arg(peakMiB)));
    QVERIFY2(seconds < 2, qPrintable(QString("%1 s").arg(seconds)));  // most of it start-up
  }
  // The limit is the person's: a smaller one refuses a photo it used to take.
  const Run small = cli({"classify", data("parrot.jpg"), "--max-pixels", "1000"});
  QCOMPARE(small.exitCode, 1);
  QVERIFY2(small.err.contains("is above the limit of 0.001 megapixels"), small.err.constData());
  QCOMPARE(cli({"classify", data("parrot.jpg"), "--max-pixels", "0"}).exitCode, 2);
}

// Memory runs out (an address-space limit, a batch of 256 at 2048 px: 12.9 GB of input): one
// line naming what failed and exit 1, not std::terminate's abort.
void TestCliFiles::outOfMemory() {
  if (kSanitized) QSKIP("a sanitizer's shadow memory needs more address space than the limit");
  QProcess process;
  process.start("prlimit", {"--as=6000000000", QStringLiteral(MNL_CLI), "bench", "--batch", "256",
                            "--resolution", "2048", "--alpha", "0.25", "--iters", "1",
                            "--warmup", "0", "--no-layers"});
  QVERIFY(process.waitForFinished(120000));
  const QString err = QString::fromUtf8(process.readAllStandardError());
  QCOMPARE(process.exitStatus(), QProcess::NormalExit);
  QCOMPARE(process.exitCode(), 1);
  QCOMPARE(err.count('\n'), 1);
  QVERIFY2(err.startsWith("mobilenet-lab-cli: failed: ") && err.contains("can't allocate memory"),
           qPrintable(err));
}

QTEST_GUILESS_MAIN(TestCliFiles)
#include "tst_cli_files.moc"
