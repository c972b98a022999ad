// SPDX-License-Identifier: GPL-3.0-or-later
// The frame sources on files made here at test time: frame counts, order, looping, folders,
// and the status (never a crash) for missing, empty, junk and truncated files and absent cameras.
#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <fstream>
#include <random>

#include "mnl/media/camera_list.h"
#include "mnl/media/camera_source.h"
#include "mnl/media/folder_source.h"
#include "mnl/media/open_source.h"

using namespace mnl;

Q_DECLARE_METATYPE(mnl::SourceStatus)
Q_DECLARE_METATYPE(mnl::SourceKind)

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
  QTest::newRow("random bytes named .jpg")
      << "noise.jpg" << QByteArray::fromStdString(randomBytes(20000)) << SourceStatus::Undecodable
      << " is neither an image nor a video OpenCV can decode";
  QTest::newRow("random bytes named .avi")
      << "noise.avi" << QByteArray::fromStdString(randomBytes(20000)) << SourceStatus::Undecodable
      << " is neither an image nor a video OpenCV can decode";
  QFile clip(path("clip.avi"));
  QVERIFY(clip.open(QIODevice::ReadOnly));
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
