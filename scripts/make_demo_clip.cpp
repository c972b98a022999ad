// SPDX-License-Identifier: GPL-3.0-or-later
// Renders the frames of resources/demo/demo.avi: a slow pan and zoom over each photo (a "Ken
// Burns" move) with cross-fades between them, as numbered PNG files that
// scripts/make-demo-clip.sh hands to ffmpeg (OpenCV's own MJPEG writers cannot be told to
// compress enough to keep 10 s under 3 MB). The clip is committed, so nothing reads the photos
// at run time.
//
// usage: make_demo_clip OUTPUT_DIR PHOTO...   (writes OUTPUT_DIR/frame-0000.png …)

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace {

constexpr int kWidth = 640;
constexpr int kHeight = 480;
constexpr double kFps = 15;
constexpr double kShot = 2.4;  // seconds each photo is on screen, fades included
constexpr double kFade = 0.5;  // seconds two photos overlap

double smooth(double u) { return u * u * (3 - 2 * u); }  // ease in and out

// Photo number `shot` at progress u ∈ [0, 1]: a 4:3 window that zooms (in on even shots, out on
// odd ones) while its centre drifts across the photo, resampled to 640 × 480.
cv::Mat frameOf(const cv::Mat& photo, int shot, double u) {
  const double fitW = std::min<double>(photo.cols, photo.rows * 4.0 / 3.0);
  const double zoom = shot % 2 == 0 ? 1.0 - 0.18 * smooth(u) : 0.82 + 0.18 * smooth(u);
  const double w = fitW * zoom, h = w * 3.0 / 4.0;
  // The centre travels between the two extremes the window allows, left→right or
  // top→bottom, along the photo's longer free axis.
  const double freeX = photo.cols - w, freeY = photo.rows - h;
  const double t = shot % 3 == 2 ? 1.0 - smooth(u) : smooth(u);
  const double x = freeX * (freeX >= freeY ? 0.2 + 0.6 * t : 0.5);
  const double y = freeY * (freeX >= freeY ? 0.5 : 0.2 + 0.6 * t);
  const double s = kWidth / w;
  const cv::Matx23d toFrame(s, 0, -x * s, 0, s, -y * s);
  cv::Mat out;
  cv::warpAffine(photo, out, toFrame, {kWidth, kHeight}, cv::INTER_AREA, cv::BORDER_REFLECT);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR PHOTO...\n", argv[0]);
    return 2;
  }
  std::vector<cv::Mat> photos;
  for (int i = 2; i < argc; ++i) {
    photos.push_back(cv::imread(argv[i], cv::IMREAD_COLOR));
    if (photos.back().empty()) {
      std::fprintf(stderr, "cannot read %s\n", argv[i]);
      return 1;
    }
  }
  const int n = static_cast<int>(photos.size());
  const double step = kShot - kFade;
  const int frames = static_cast<int>(std::lround((n * step + kFade) * kFps));
  for (int f = 0; f < frames; ++f) {
    const double t = f / kFps;
    cv::Mat mixed(kHeight, kWidth, CV_32FC3, cv::Scalar::all(0));
    for (int i = 0; i < n; ++i) {
      const double start = i * step;
      if (t < start || t >= start + kShot) continue;
      double weight = 1;
      if (i > 0) weight = std::min(weight, (t - start) / kFade);
      if (i < n - 1) weight = std::min(weight, (start + kShot - t) / kFade);
      cv::Mat shot;
      frameOf(photos[i], i, (t - start) / kShot).convertTo(shot, CV_32FC3);
      cv::scaleAdd(shot, std::clamp(weight, 0.0, 1.0), mixed, mixed);
    }
    cv::Mat frame;
    mixed.convertTo(frame, CV_8UC3);
    char name[32];
    std::snprintf(name, sizeof name, "/frame-%04d.png", f);
    if (!cv::imwrite(argv[1] + std::string(name), frame)) {
      std::fprintf(stderr, "cannot write %s%s\n", argv[1], name);
      return 1;
    }
  }
  std::printf("%s: %d frames, %dx%d, %.0f fps, %.1f s\n", argv[1], frames, kWidth, kHeight, kFps,
              frames / kFps);
  return 0;
}
