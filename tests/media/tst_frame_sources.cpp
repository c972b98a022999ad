// SPDX-License-Identifier: GPL-3.0-or-later
// The frame sources on files made here at test time: frame counts, order, looping, folders,
// and the status (never a crash) for missing, empty, junk and truncated files and absent cameras.
#include <QTcpServer>
#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "mnl/media/camera_list.h"
#include "mnl/media/camera_source.h"
#include "mnl/media/folder_source.h"
#include "mnl/media/open_source.h"
#include "../avi_damage.h"
#include "image_bomb.h"

using namespace mnl;

Q_DECLARE_METATYPE(mnl::SourceStatus)
Q_DECLARE_METATYPE(mnl::SourceKind)
Q_DECLARE_METATYPE(cv::Size)
Q_DECLARE_METATYPE(cv::Vec3b)

namespace {

constexpr int kVideoFrames = 17;

// Frame i is a flat grey of 10·i, so the order survives MJPEG's loss.
bool writeVideo(const std::string& file, int frames, cv::Size size = {64, 48}, double fps = 10) {
  cv::VideoWriter writer(file, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps, size);
  if (!writer.isOpened()) return false;
  for (int i = 0; i < frames; ++i) writer.write(cv::Mat(size, CV_8UC3, cv::Scalar::all(10 * i)));
  return true;
}

void writeBytes(const QString& file, const std::string& bytes) {
  std::ofstream(file.toStdString(), std::ios::binary) << bytes;
}

std::string randomBytes(std::size_t count) {
  std::mt19937 random(42);
  std::string bytes(count, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
  return bytes;
}

// mnl::toString(SourceStatus) is what Qt Test's QCOMPARE would find by ADL, but it returns a
// string_view; comparing the names gives readable failures.
QString text(SourceStatus status) {
  const std::string_view name = toString(status);
  return QString::fromUtf8(name.data(), qsizetype(name.size()));
}

// An image encoded as a file of this type (".png", ".jpg"), as bytes.
QByteArray encoded(const char* type, const cv::Mat& image) {
  std::vector<uchar> bytes;
  if (!cv::imencode(type, image, bytes)) return {};
  return QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
}

// The most resident memory this process has used so far (VmHWM), in MiB; -1 if unknown.
long peakResidentMiB() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6)) / 1024;
  return -1;
}

// Mean grey of a frame, rounded: which frame of writeVideo() it was, times 10.
int grey(const cv::Mat& frame) { return qRound(cv::mean(frame)[0]); }

}  // namespace

class TestFrameSources : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void videoYieldsEveryFrame();
  void videoLoops();
  void restartGoesBackToTheFirstFrame();
  void imageOnceOrRepeated_data();
  void imageOnceOrRepeated();
  void frameCopiesThePixels();
  void folderYieldsEachImageOnce();
  void factoryPicksTheSource_data();
  void factoryPicksTheSource();
  void badFiles_data();
  void badFiles();
  void truncatedVideo();
  void urlsAreNotFetched_data();
  void urlsAreNotFetched();
  void damagedFramesAreSkipped_data();
  void damagedFramesAreSkipped();
  void badImages_data();
  void badImages();
  void imageBomb();
  void pixelLimit_data();
  void pixelLimit();
  void absentCamera_data();
  void absentCamera();
  void cameraListSkipsNonDevices();
  void demoClip();

 private:
  QTemporaryDir dir_;
  QString path(const QString& name) const { return dir_.filePath(name); }
};

void TestFrameSources::initTestCase() {
  QVERIFY(dir_.isValid());
  QVERIFY(writeVideo(path("clip.avi").toStdString(), kVideoFrames));
  QVERIFY(cv::imwrite(path("still.png").toStdString(),
                      cv::Mat(30, 40, CV_8UC3, cv::Scalar(1, 2, 3))));
}

void TestFrameSources::videoYieldsEveryFrame() {
  const auto source = openSource(path("clip.avi").toStdString());
  QCOMPARE(text(source->lastResult().status), text(SourceStatus::Ok));
  QCOMPARE(source->kind(), SourceKind::VideoFile);
  QCOMPARE(source->name(), std::string("clip.avi"));
  QVERIFY(!source->isLive());
  QCOMPARE(source->frameRate(), 10.0);
  QCOMPARE(source->frameSize(), cv::Size(64, 48));

  cv::Mat frame;
  for (int i = 0; i < kVideoFrames; ++i) {
    const SourceResult r = source->read(frame);
    QVERIFY2(r.ok(), r.message.c_str());
    QCOMPARE(r.index, std::int64_t(i));
    QCOMPARE(grey(frame), 10 * i);
  }
  QCOMPARE(text(source->read(frame).status), text(SourceStatus::EndOfStream));
  QCOMPARE(text(source->read(frame).status), text(SourceStatus::EndOfStream));  // and stays there
}

void TestFrameSources::videoLoops() {
  const auto source = openSource(path("clip.avi").toStdString(), {.loop = true});
  cv::Mat frame;
  for (int i = 0; i < 2 * kVideoFrames + 3; ++i) {
    const SourceResult r = source->read(frame);
    QVERIFY2(r.ok(), r.message.c_str());
    QCOMPARE(r.index, std::int64_t(i % kVideoFrames));
    QCOMPARE(grey(frame), 10 * (i % kVideoFrames));
  }
}

void TestFrameSources::restartGoesBackToTheFirstFrame() {
  const auto source = openSource(path("clip.avi").toStdString());
  cv::Mat frame;
  for (int i = 0; i < 5; ++i) QVERIFY(source->read(frame).ok());
  QCOMPARE(grey(frame), 40);
  QVERIFY(source->restart().ok());
  const SourceResult r = source->read(frame);
  QCOMPARE(r.index, std::int64_t(0));
  QCOMPARE(grey(frame), 0);
}

void TestFrameSources::imageOnceOrRepeated_data() {
  QTest::addColumn<bool>("loop");
  QTest::addColumn<int>("frames");
  QTest::newRow("once") << false << 1;
  QTest::newRow("repeated for a live view") << true << 50;
}

void TestFrameSources::imageOnceOrRepeated() {
  QFETCH(bool, loop);
  QFETCH(int, frames);
  const auto source = openSource(path("still.png").toStdString(), {.loop = loop});
  QCOMPARE(source->kind(), SourceKind::Image);
  QCOMPARE(source->frameSize(), cv::Size(40, 30));
  cv::Mat frame;
  for (int i = 0; i < frames; ++i) {
    QVERIFY(source->read(frame).ok());
    QCOMPARE(frame.at<cv::Vec3b>(29, 39), cv::Vec3b(1, 2, 3));
    frame.setTo(cv::Scalar::all(99));  // the caller's copy: must not change the next frame
  }
  if (!loop) QCOMPARE(text(source->read(frame).status), text(SourceStatus::EndOfStream));
}

void TestFrameSources::frameCopiesThePixels() {
  const auto source = openSource(path("still.png").toStdString(), {.loop = true});
  Frame first, second;
  QVERIFY(source->read(first).ok());
  QVERIFY(source->read(second).ok());
  QCOMPARE(first.width, 40);
  QCOMPARE(first.height, 30);
  QCOMPARE(first.bgr->size(), std::size_t(40 * 30 * 3));
  QCOMPARE(((*first.bgr)[0]), std::uint8_t(1));
  QCOMPARE(((*first.bgr)[2]), std::uint8_t(3));
  QCOMPARE(second.sequence, first.sequence + 1);
  QVERIFY(second.captured >= first.captured);
}

void TestFrameSources::folderYieldsEachImageOnce() {
  QTemporaryDir folder;
  const auto file = [&](const char* name) { return folder.filePath(name).toStdString(); };
  // Sizes tell the images apart; the names are written out of order.
  QVERIFY(cv::imwrite(file("c.bmp"), cv::Mat(12, 13, CV_8UC3, cv::Scalar::all(7))));
  QVERIFY(cv::imwrite(file("a.jpg"), cv::Mat(10, 11, CV_8UC3, cv::Scalar::all(7))));
  QVERIFY(cv::imwrite(file("b.png"), cv::Mat(11, 12, CV_8UC3, cv::Scalar::all(7))));
  writeBytes(folder.filePath("junk.jpg"), randomBytes(5000));
  writeBytes(folder.filePath("notes.txt"), "not an image, not even considered");

  const auto source = openSource(folder.path().toStdString());
  QCOMPARE(source->kind(), SourceKind::Folder);
  QCOMPARE(text(source->lastResult().status), text(SourceStatus::Ok));
  struct Expected {
    SourceStatus status;
    const char* file;
    int width;
  };
  const Expected expected[] = {{SourceStatus::Ok, "a.jpg", 11},
                               {SourceStatus::Ok, "b.png", 12},
                               {SourceStatus::Ok, "c.bmp", 13},
                               {SourceStatus::Skipped, "junk.jpg", 0}};
  cv::Mat frame;
  for (const Expected& e : expected) {
    const SourceResult r = source->read(frame);
    QCOMPARE(text(r.status), text(e.status));
    QCOMPARE(QString::fromStdString(r.item), folder.filePath(e.file));
    if (e.status == SourceStatus::Ok) QCOMPARE(frame.cols, e.width);
  }
  QCOMPARE(QString::fromStdString(source->lastResult().message),
           folder.filePath("junk.jpg") + " is not an image OpenCV can decode; skipped");
  QCOMPARE(text(source->read(frame).status), text(SourceStatus::EndOfStream));
  QVERIFY(source->restart().ok());
  QCOMPARE(QString::fromStdString(source->read(frame).item), folder.filePath("a.jpg"));
}

void TestFrameSources::factoryPicksTheSource_data() {
  QTest::addColumn<QString>("spec");
  QTest::addColumn<SourceKind>("kind");
  QTest::addColumn<QString>("name");
  QTest::newRow("camera index") << "0" << SourceKind::Camera << "Camera 0";
  QTest::newRow("camera device") << "/dev/video3" << SourceKind::Camera << "Camera 3";
  QTest::newRow("folder") << "FOLDER" << SourceKind::Folder << "";
  QTest::newRow("image by content") << "still.png" << SourceKind::Image << "still.png";
  QTest::newRow("video") << "clip.avi" << SourceKind::VideoFile << "clip.avi";
  QTest::newRow("missing file") << "nothing.mp4" << SourceKind::VideoFile << "nothing.mp4";
}

void TestFrameSources::factoryPicksTheSource() {
  QFETCH(QString, spec);
  QFETCH(SourceKind, kind);
  QFETCH(QString, name);
  if (spec == "FOLDER") {
    spec = dir_.path();
    name = QFileInfo(spec).fileName() + "/";
  } else if (!spec.front().isDigit() && !spec.startsWith("/dev/")) {
    spec = path(spec);
  }
  const auto source = makeSource(spec.toStdString());  // does not open: no camera is touched
  QCOMPARE(source->kind(), kind);
  QCOMPARE(QString::fromStdString(source->name()), name);
  QCOMPARE(text(source->lastResult().status), text(SourceStatus::NotOpen));
}

void TestFrameSources::badFiles_data() {
  QTest::addColumn<QString>("name");
  QTest::addColumn<QByteArray>("content");  // "-" for no file at all
  QTest::addColumn<SourceStatus>("status");
  QTest::addColumn<QString>("message");  // after the file's path
  QTest::newRow("missing") << "missing.avi" << QByteArray("-") << SourceStatus::NotFound
                           << ": no such file";
  QTest::newRow("zero bytes") << "empty.jpg" << QByteArray() << SourceStatus::Undecodable
                              << " is empty (0 bytes)";
  QTest::newRow("zero bytes named .avi") << "empty.avi" << QByteArray()
                                        << SourceStatus::Undecodable << " is empty (0 bytes)";
  QTest::newRow("random bytes named .jpg")
      << "noise.jpg" << QByteArray::fromStdString(randomBytes(20000)) << SourceStatus::Undecodable
      << " is neither an image nor a video OpenCV can decode";
  QTest::newRow("random bytes named .avi")
      << "noise.avi" << QByteArray::fromStdString(randomBytes(20000)) << SourceStatus::Undecodable
      << " is neither an image nor a video OpenCV can decode";
  QFile clip(path("clip.avi"));
  QVERIFY(clip.open(QIODevice::ReadOnly));
  QList<int> everyFrame;
  for (int i = 0; i < kVideoFrames; ++i) everyFrame << i;
  QTest::newRow("video with every frame damaged")
      << "ruined.avi" << mnl::test::withDamagedFrames(clip.readAll(), everyFrame, kVideoFrames)
      << SourceStatus::Undecodable
      << QString(": frame 1 of %1 could not be decoded (the file looks truncated or damaged)")
             .arg(kVideoFrames);
  clip.seek(0);
  QTest::newRow("video cut before its first frame")
      << "cut.avi" << clip.read(clip.size() * 3 / 10) << SourceStatus::Undecodable
      << " is neither an image nor a video OpenCV can decode";
}

void TestFrameSources::badFiles() {
  QFETCH(QString, name);
  QFETCH(QByteArray, content);
  QFETCH(SourceStatus, status);
  QFETCH(QString, message);
  if (content != "-") writeBytes(path(name), content.toStdString());
  const auto source = openSource(path(name).toStdString());
  QCOMPARE(text(source->lastResult().status), text(status));
  QCOMPARE(QString::fromStdString(source->lastResult().message), path(name) + message);
  cv::Mat frame;
  QCOMPARE(text(source->read(frame).status), text(SourceStatus::NotOpen));
  QVERIFY(frame.empty());
}

// The app reads only files and cameras the user names: FFmpeg would open a URL, so a source
// spec that names none on disk must be refused before any backend sees it. A server listening on
// loopback proves it: nothing connects to it.
void TestFrameSources::urlsAreNotFetched_data() {
  QTest::addColumn<QString>("scheme");
  QTest::newRow("http") << "http";
  QTest::newRow("rtsp") << "rtsp";
  QTest::newRow("tcp") << "tcp";
}

void TestFrameSources::urlsAreNotFetched() {
  QFETCH(QString, scheme);
  QTcpServer server;
  QVERIFY(server.listen(QHostAddress::LocalHost));
  const QString url =
      QStringLiteral("%1://127.0.0.1:%2/clip.mp4").arg(scheme).arg(server.serverPort());
  const auto source = openSource(url.toStdString());
  QCOMPARE(text(source->lastResult().status), text(SourceStatus::NotFound));
  QCOMPARE(QString::fromStdString(source->lastResult().message), url + ": no such file");
  QVERIFY(!server.waitForNewConnection(300));
  QVERIFY(!server.hasPendingConnections());
}

// Images a person may point the app at: odd formats are converted to the 8-bit BGR every view
// and the network expect; damaged or unreadable ones are refused with a status, never a crash.
void TestFrameSources::badImages_data() {
  QTest::addColumn<QString>("name");
  QTest::addColumn<QByteArray>("content");
  QTest::addColumn<bool>("readable");       // false: the file's read permission is taken away
  QTest::addColumn<SourceStatus>("status");
  QTest::addColumn<QString>("message");     // after the file's path; empty when Ok
  QTest::addColumn<cv::Size>("size");       // of the frame, when Ok
  QTest::addColumn<cv::Vec3b>("pixel");     // its last pixel, BGR

  const auto ok = [](const char* name, const QByteArray& content, cv::Size size, cv::Vec3b bgr) {
    QTest::newRow(name) << QString(name) << content << true << SourceStatus::Ok << QString()
                        << size << bgr;
  };
  ok("1x1.png", encoded(".png", cv::Mat(1, 1, CV_8UC3, cv::Scalar(5, 6, 7))), {1, 1}, {5, 6, 7});
  ok("grey.png", encoded(".png", cv::Mat(9, 8, CV_8UC1, cv::Scalar(77))), {8, 9}, {77, 77, 77});
  // 16-bit to 8-bit keeps the high byte.
  ok("16bit.png", encoded(".png", cv::Mat(5, 6, CV_16UC3, cv::Scalar(10 * 256, 20 * 256, 30 * 256))),
     {6, 5}, {10, 20, 30});
  ok("16bit-grey.png", encoded(".png", cv::Mat(5, 6, CV_16UC1, cv::Scalar(200 * 256 + 255))),
     {6, 5}, {200, 200, 200});
  // Alpha is dropped, not blended: a transparent pixel keeps its colour.
  ok("rgba.png", encoded(".png", cv::Mat(4, 3, CV_8UC4, cv::Scalar(1, 2, 3, 0))), {3, 4}, {1, 2, 3});
  // 35 megapixels, under the pixel limit: decoded they would be 105 MB a copy, so the source
  // shrinks them to kMaxImageSide once (see the peak memory check below).
  ok("7000x5000.png", encoded(".png", cv::Mat(5000, 7000, CV_8UC1, cv::Scalar(40))),
     {kMaxImageSide, 2926}, {40, 40, 40});
  // 120 megapixels of JPEG, over the limit: decoded at half size by the JPEG decoder (30 MP),
  // then shrunk.
  ok("12000x10000.jpg", encoded(".jpg", cv::Mat(10000, 12000, CV_8UC3, cv::Scalar::all(128))),
     {kMaxImageSide, 3413}, {128, 128, 128});

  const auto refused = [](const char* name, const QByteArray& content, bool readable,
                          SourceStatus status, const char* message) {
    QTest::newRow(name) << QString(name) << content << readable << status << QString(message)
                        << cv::Size() << cv::Vec3b();
  };
  refused("zero bytes.png", QByteArray(), true, SourceStatus::Undecodable, " is empty (0 bytes)");
  const QByteArray png = encoded(".png", cv::Mat(64, 64, CV_8UC3, cv::Scalar(10, 200, 30)));
  const QByteArray jpeg = encoded(".jpg", cv::Mat(64, 64, CV_8UC3, cv::Scalar(10, 200, 30)));
  refused("truncated.png", png.left(png.size() / 2), true, SourceStatus::Undecodable,
          " is not an image OpenCV can decode");
  refused("truncated.jpg", jpeg.left(jpeg.size() / 2), true, SourceStatus::Undecodable,
          " is not an image OpenCV can decode");
  refused("unreadable.png", png, false, SourceStatus::Unavailable,
          " cannot be read (no permission?)");
  // 256 megapixels of one grey compress to a few hundred kB: above the limit, refused from the
  // header, before a decoder allocates 768 MB.
  refused("16000x16000.png", encoded(".png", cv::Mat(16000, 16000, CV_8UC1, cv::Scalar(40))), true,
          SourceStatus::TooLarge,
          ": 16000\u00d716000 pixels (PNG) is above the limit of 50 megapixels; refused without "
          "decoding");
}

void TestFrameSources::badImages() {
  QFETCH(QString, name);
  QFETCH(QByteArray, content);
  QFETCH(bool, readable);
  QFETCH(SourceStatus, status);
  QFETCH(QString, message);
  QFETCH(cv::Size, size);
  QFETCH(cv::Vec3b, pixel);
  // Root reads any file whatever its permissions (CI containers often run as root).
  if (!readable && ::geteuid() == 0) QSKIP("running as root: a file without read permission "
                                           "is still readable");
  writeBytes(path(name), content.toStdString());
  if (!readable) QCOMPARE(::chmod(path(name).toLocal8Bit().constData(), 0), 0);

  const auto source = openSource(path(name).toStdString());
  const SourceResult opened = source->lastResult();
  QCOMPARE(text(opened.status), text(status));
  cv::Mat frame;
  if (status != SourceStatus::Ok) {
    QCOMPARE(QString::fromStdString(opened.message), path(name) + message);
    QCOMPARE(text(source->read(frame).status), text(SourceStatus::NotOpen));
    QVERIFY(frame.empty());
    return;
  }
  QCOMPARE(source->kind(), SourceKind::Image);
  QCOMPARE(source->frameSize(), size);
  const SourceResult r = source->read(frame);
  QVERIFY2(r.ok(), r.message.c_str());
  QCOMPARE(frame.type(), CV_8UC3);
  QCOMPARE(frame.size(), size);
  QCOMPARE(frame.at<cv::Vec3b>(size.height - 1, size.width - 1), pixel);
  // The engine's copy as well: packed BGR of the same size.
  QVERIFY(source->restart().ok());
  Frame copy;
  QVERIFY(source->read(copy).ok());
  QCOMPARE(copy.bgr->size(), std::size_t(size.area()) * 3);
  // One transient decode (768 MB for 16000²) and small copies; without the shrinking, the
  // source's image, the frame and the engine's copy would hold 2.3 GB together.
  const long peak = peakResidentMiB();
  QVERIFY2(peak < 1536, qPrintable(QString("peak resident memory %1 MiB").arg(peak)));
}

// The bomb: a PNG of under 3 MB that decodes to 30000 × 30000 (2.7 GB). Alone, and
// in a folder beside a good image: refused from its header in well under a second, without the
// memory a decode would take; the folder goes on.
void TestFrameSources::imageBomb() {
  const QString bomb = path("bomb/bomb.png");
  QVERIFY(QDir().mkpath(path("bomb")));
  QVERIFY(test::writePngBomb(bomb.toStdString(), 30000, 30000));
  QVERIFY(QFileInfo(bomb).size() < 3 * 1024 * 1024);
  QVERIFY(cv::imwrite(path("bomb/good.png").toStdString(),
                      cv::Mat(30, 40, CV_8UC3, cv::Scalar(1, 2, 3))));
  const long before = peakResidentMiB();
  QElapsedTimer clock;
  clock.start();
  const auto image = openSource(bomb.toStdString());
  QCOMPARE(text(image->lastResult().status), text(SourceStatus::TooLarge));
  QCOMPARE(QString::fromStdString(image->lastResult().message),
           bomb + ": 30000\u00d730000 pixels (PNG) is above the limit of 50 megapixels; refused "
                  "without decoding");
  const auto folder = openSource(path("bomb").toStdString());
  QVERIFY(folder->lastResult().ok());
  cv::Mat frame;
  const SourceResult first = folder->read(frame);  // bomb.png sorts first
  QCOMPARE(text(first.status), text(SourceStatus::Skipped));
  QVERIFY2(first.message.ends_with("refused without decoding; skipped"), first.message.c_str());
  QVERIFY(folder->read(frame).ok());
  QCOMPARE(frame.size(), cv::Size(40, 30));
  QVERIFY2(clock.elapsed() < 1000, qPrintable(QString("%1 ms").arg(clock.elapsed())));
  // Not one decode's worth more (2.7 GB); the test's own earlier rows set the mark.
  QVERIFY2(peakResidentMiB() - before < 100,
           qPrintable(QString("peak %1 MiB, before %2 MiB").arg(peakResidentMiB()).arg(before)));
}

// SourceOptions::maxPixels as set: an image or a video above it is refused (TooLarge, the file,
// its size and the limit named); a JPEG is decoded at the largest scale that fits.
void TestFrameSources::pixelLimit_data() {
  QTest::addColumn<QString>("name");
  QTest::addColumn<QByteArray>("content");  // empty: a 64×48 video written by writeVideo
  QTest::addColumn<qint64>("maxPixels");
  QTest::addColumn<SourceStatus>("status");
  QTest::addColumn<QString>("message");  // after the file's path
  QTest::addColumn<cv::Size>("size");    // of the frame, when Ok
  const cv::Mat photo(3000, 4000, CV_8UC3, cv::Scalar(10, 20, 30));
  QTest::newRow("png over") << "over.png" << encoded(".png", photo) << qint64(1'000'000)
                            << SourceStatus::TooLarge
                            << ": 4000\u00d73000 pixels (PNG) is above the limit of 1 megapixels; "
                               "refused without decoding"
                            << cv::Size();
  QTest::newRow("png at") << "at.png" << encoded(".png", photo) << qint64(12'000'000)
                          << SourceStatus::Ok << QString() << cv::Size(4000, 3000);
  QTest::newRow("jpeg at 1/4") << "quarter.jpg" << encoded(".jpg", photo) << qint64(1'000'000)
                               << SourceStatus::Ok << QString() << cv::Size(1000, 750);
  QTest::newRow("jpeg over at 1/8")
      << "eighth.jpg" << encoded(".jpg", photo) << qint64(100'000) << SourceStatus::TooLarge
      << ": 4000\u00d73000 pixels (JPEG) is above the limit of 0.1 megapixels; refused without "
         "decoding"
      << cv::Size();
  QTest::newRow("video over") << "big.avi" << QByteArray() << qint64(3000) << SourceStatus::TooLarge
                              << ": 64\u00d748 pixels (video frames) is above the limit of 0.003 "
                                 "megapixels; refused without decoding"
                              << cv::Size();
  QTest::newRow("video at") << "small.avi" << QByteArray() << qint64(3072) << SourceStatus::Ok
                            << QString() << cv::Size(64, 48);
}

void TestFrameSources::pixelLimit() {
  QFETCH(QString, name);
  QFETCH(QByteArray, content);
  QFETCH(qint64, maxPixels);
  QFETCH(SourceStatus, status);
  QFETCH(QString, message);
  QFETCH(cv::Size, size);
  if (content.isEmpty())
    QVERIFY(writeVideo(path(name).toStdString(), 3));
  else
    writeBytes(path(name), content.toStdString());
  SourceOptions options;
  options.maxPixels = maxPixels;
  const auto source = openSource(path(name).toStdString(), options);
  QCOMPARE(text(source->lastResult().status), text(status));
  if (status != SourceStatus::Ok) {
    QCOMPARE(QString::fromStdString(source->lastResult().message), path(name) + message);
    return;
  }
  cv::Mat frame;
  QVERIFY(source->read(frame).ok());
  QCOMPARE(frame.size(), size);
}

// Three quarters of the clip's bytes: the header still promises 17 frames, so running out
// early is damage, reported once the decodable frames are used up.
void TestFrameSources::truncatedVideo() {
  QFile whole(path("clip.avi"));
  QVERIFY(whole.open(QIODevice::ReadOnly));
  writeBytes(path("truncated.avi"), whole.read(whole.size() * 3 / 4).toStdString());

  const auto source = openSource(path("truncated.avi").toStdString());
  QCOMPARE(text(source->lastResult().status), text(SourceStatus::Ok));
  cv::Mat frame;
  int frames = 0;
  SourceResult r;
  while ((r = source->read(frame)).ok()) QCOMPARE(grey(frame), 10 * frames++);
  QVERIFY2(frames > 0 && frames < kVideoFrames, qPrintable(QString::number(frames)));
  QCOMPARE(text(r.status), text(SourceStatus::Undecodable));
  QCOMPARE(QString::fromStdString(r.message),
           path("truncated.avi") + QString(": frame %1 of %2 could not be decoded (the file "
                                           "looks truncated or damaged)")
                                       .arg(frames + 1)
                                       .arg(kVideoFrames));
}

// Frames whose JPEG data is destroyed in an otherwise sound AVI (at the start too): each run of
// them is reported
// once as Skipped (naming the frames, 1-based as in the truncation message; the result's index
// is the first one's, 0-based) and the video goes on with the next good frame, numbered as in
// the file. A run that reaches the last frame cannot be told from a truncated file and ends
// the stream as Undecodable. Looping starts again at frame 0 and meets the damage again.
void TestFrameSources::damagedFramesAreSkipped_data() {
  QTest::addColumn<QList<int>>("damaged");  // 0-based frame numbers
  QTest::addColumn<bool>("loop");
  QTest::newRow("frame 8") << QList<int>{7} << false;
  QTest::newRow("frames 8 to 10") << QList<int>{7, 8, 9} << false;
  QTest::newRow("frame 2 and frames 13 to 14") << QList<int>{1, 12, 13} << false;
  QTest::newRow("frames 8 to 10, looping") << QList<int>{7, 8, 9} << true;
  QTest::newRow("the last two frames") << QList<int>{15, 16} << false;
  // At the start: the video opens at the first frame that decodes, and the first read() says
  // what was skipped.
  QTest::newRow("frame 1") << QList<int>{0} << false;
  QTest::newRow("frames 1 to 3") << QList<int>{0, 1, 2} << false;
  QTest::newRow("frames 1 to 2, looping") << QList<int>{0, 1} << true;
}

void TestFrameSources::damagedFramesAreSkipped() {
  QFETCH(QList<int>, damaged);
  QFETCH(bool, loop);
  QFile whole(path("clip.avi"));
  QVERIFY(whole.open(QIODevice::ReadOnly));
  const QByteArray bytes = mnl::test::withDamagedFrames(whole.readAll(), damaged, kVideoFrames);
  QVERIFY2(!bytes.isEmpty(), "clip.avi is not laid out as expected");
  const QString file = path(QStringLiteral("damaged-%1.avi").arg(QTest::currentDataTag()));
  writeBytes(file, bytes.toStdString());

  const auto source = openSource(file.toStdString(), {.loop = loop});
  QCOMPARE(text(source->lastResult().status), text(SourceStatus::Ok));
  cv::Mat frame(8, 8, CV_8UC3);  // not empty: a Skipped answer before the first frame leaves it too

  for (int pass = 0; pass < (loop ? 2 : 1); ++pass) {
    for (int i = 0; i < kVideoFrames;) {
      if (!damaged.contains(i)) {
        const SourceResult r = source->read(frame);
        QVERIFY2(r.ok(), qPrintable(QString("frame %1: %2").arg(i).arg(r.message.c_str())));
        QCOMPARE(r.index, std::int64_t(i));
        QCOMPARE(grey(frame), 10 * i);
        ++i;
        continue;
      }
      int run = 1;
      while (damaged.contains(i + run)) ++run;
      frame.setTo(cv::Scalar::all(255));  // a Skipped answer must leave the caller's frame alone
      const SourceResult r = source->read(frame);
      if (i + run == kVideoFrames) {  // damage up to the end reads as truncation
        QCOMPARE(text(r.status), text(SourceStatus::Undecodable));
        QCOMPARE(QString::fromStdString(r.message),
                 file + QString(": frame %1 of %2 could not be decoded (the file looks "
                                "truncated or damaged)")
                            .arg(i + 1)
                            .arg(kVideoFrames));
        QCOMPARE(grey(frame), 255);
        QCOMPARE(text(source->read(frame).status), text(SourceStatus::NotOpen));
        return;
      }
      QCOMPARE(text(r.status), text(SourceStatus::Skipped));
      QCOMPARE(r.index, std::int64_t(i));
      const QString frames = run == 1 ? QString("frame %1").arg(i + 1)
                                      : QString("frames %1 to %2").arg(i + 1).arg(i + run);
      QCOMPARE(QString::fromStdString(r.message),
               file + QString(": %1 of %2 could not be decoded; skipped").arg(frames)
                          .arg(kVideoFrames));
      QCOMPARE(grey(frame), 255);
      i += run;
    }
  }
  if (!loop) QCOMPARE(text(source->read(frame).status), text(SourceStatus::EndOfStream));
  else {  // a third pass begins, with the damage at the start if there is some
    const SourceResult third = source->read(frame);
    QCOMPARE(third.index, std::int64_t(0));
    QCOMPARE(text(third.status),
             text(damaged.contains(0) ? SourceStatus::Skipped : SourceStatus::Ok));
  }
}

void TestFrameSources::absentCamera_data() {
  QTest::addColumn<QString>("spec");
  QTest::addColumn<QString>("message");
  QTest::newRow("index 99") << "99" << "Camera 99 is not available (no such device)";
  QTest::newRow("device path") << "/dev/video99" << "Camera 99 is not available (no such device)";
}

void TestFrameSources::absentCamera() {
  QFETCH(QString, spec);
  QFETCH(QString, message);
  const auto source = openSource(spec.toStdString());
  QCOMPARE(source->kind(), SourceKind::Camera);
  QVERIFY(source->isLive());
  QCOMPARE(text(source->lastResult().status), text(SourceStatus::NotFound));
  QCOMPARE(QString::fromStdString(source->lastResult().message), message);
  cv::Mat frame;
  QCOMPARE(text(source->read(frame).status), text(SourceStatus::NotOpen));
  QCOMPARE(text(source->restart().status), text(SourceStatus::NotFound));
}

// Files named like device nodes are not cameras: only what answers VIDIOC_QUERYCAP is listed.
void TestFrameSources::cameraListSkipsNonDevices() {
  QTemporaryDir dev;
  for (const char* name : {"video0", "video1", "video10", "videoX"})
    writeBytes(dev.filePath(name), "x");
  QVERIFY(listCameras(dev.path().toStdString()).empty());
  QVERIFY(listCameras("/no/such/dir").empty());
}

// The bundled clip reads with the OpenCV this machine has: every frame, at its size and rate.
void TestFrameSources::demoClip() {
  const auto source = openSource(MNL_RESOURCES_DIR "/demo/demo.avi");
  QCOMPARE(text(source->lastResult().status), text(SourceStatus::Ok));
  QCOMPARE(source->frameSize(), cv::Size(640, 480));
  QCOMPARE(source->frameRate(), 15.0);
  cv::Mat frame;
  int frames = 0;
  while (source->read(frame).ok()) ++frames;
  QCOMPARE(frames, 150);
  QCOMPARE(text(source->lastResult().status), text(SourceStatus::EndOfStream));
}

QTEST_GUILESS_MAIN(TestFrameSources)
#include "tst_frame_sources.moc"
