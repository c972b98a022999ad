// SPDX-License-Identifier: GPL-3.0-or-later
// mnl::readImageHeader: the size each format's header declares, on files OpenCV's own encoders
// write (so the header layouts are real ones), and nothing for what it does not know.
#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fstream>

#include "mnl/media/image_header.h"

class TestImageHeader : public QObject {
  Q_OBJECT
 private slots:
  void formats_data();
  void formats();
  void unknown_data();
  void unknown();

 private:
  QTemporaryDir dir_;
};

void TestImageHeader::formats_data() {
  QTest::addColumn<QString>("extension");
  QTest::addColumn<QString>("format");
  QTest::addColumn<int>("type");  // OpenCV's pixel type
  for (const auto& [ext, format] : {std::pair{".png", "PNG"}, {".jpg", "JPEG"}, {".bmp", "BMP"},
                                    {".webp", "WebP"}, {".ppm", "PNM"}, {".pgm", "PNM"},
                                    {".tif", "TIFF"}})
    QTest::newRow(ext) << QString(ext) << QString(format) << (QString(ext) == ".pgm" ? CV_8UC1 : CV_8UC3);
  // Lossless WebP has its own header (VP8L); OpenCV writes it at quality above 100.
  QTest::newRow(".webp lossless") << QString(".webp-lossless") << QString("WebP") << CV_8UC3;
}

void TestImageHeader::formats() {
  QFETCH(QString, extension);
  QFETCH(QString, format);
  QFETCH(int, type);
  // Odd sizes, wider than high, above 255: byte order and field widths both show.
  for (const cv::Size size : {cv::Size(37, 23), cv::Size(1027, 301)}) {
    const bool lossless = extension == ".webp-lossless";
    const QString file = dir_.filePath("image" + (lossless ? QString(".webp") : extension));
    std::vector<int> params;
    if (lossless) params = {cv::IMWRITE_WEBP_QUALITY, 101};
    QVERIFY(cv::imwrite(file.toStdString(), cv::Mat(size, type, cv::Scalar::all(90)), params));
    const std::optional<mnl::ImageHeader> header = mnl::readImageHeader(file.toStdString());
    QVERIFY(header.has_value());
    QCOMPARE(QString::fromStdString(header->format), format);
    QCOMPARE(header->width, std::int64_t(size.width));
    QCOMPARE(header->height, std::int64_t(size.height));
  }
}

void TestImageHeader::unknown_data() {
  QTest::addColumn<QByteArray>("content");
  QTest::newRow("empty") << QByteArray();
  QTest::newRow("text") << QByteArray("hello, world\n");
  QTest::newRow("png signature only") << QByteArray("\x89PNG\r\n\x1a\n", 8);
  QTest::newRow("jpeg without a frame") << QByteArray("\xff\xd8\xff\xd9", 4);
  QTest::newRow("jpeg cut in a segment") << QByteArray("\xff\xd8\xff\xe1\x40\x00" "abc", 9);
  QTest::newRow("pnm without numbers") << QByteArray("P6\n# only a comment\n");
}

void TestImageHeader::unknown() {
  QFETCH(QByteArray, content);
  const QString file = dir_.filePath("unknown");
  std::ofstream(file.toStdString(), std::ios::binary).write(content.constData(), content.size());
  QVERIFY(!mnl::readImageHeader(file.toStdString()).has_value());
}

QTEST_GUILESS_MAIN(TestImageHeader)
#include "tst_image_header.moc"
