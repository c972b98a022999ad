// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A video with undecodable frames in the middle, for the frame source and CLI tests: an MJPEG
// AVI (as cv::VideoWriter writes it, and the demo clip) whose container stays intact while
// the JPEG data of some frames is destroyed.

#include <QByteArray>
#include <QList>

#include <algorithm>
#include <cstring>

namespace mnl::test {

// `avi` with the JPEG data of the given frames (0-based) zeroed. Walks the chunks of the 'movi'
// list ("00dc" is a frame, padded to an even size). Empty if the file is not laid out that way
// or does not hold `frames` frames.
inline QByteArray withDamagedFrames(QByteArray avi, const QList<int>& damaged, int frames) {
  const qsizetype movi = avi.indexOf("movi");
  if (movi < 0) return {};
  int frame = 0;
  for (qsizetype at = movi + 4; at + 8 <= avi.size();) {
    const QByteArray id = avi.mid(at, 4);
    if (id == "idx1") break;
    quint32 size = 0;
    std::memcpy(&size, avi.constData() + at + 4, 4);  // little-endian, as is this machine
    if (at + 8 + qsizetype(size) > avi.size()) return {};
    if (id == "00dc") {
      if (damaged.contains(frame)) std::fill_n(avi.data() + at + 8, size, '\0');
      ++frame;
    }
    at += 8 + size + (size & 1);
  }
  return frame == frames ? avi : QByteArray();
}

}  // namespace mnl::test
