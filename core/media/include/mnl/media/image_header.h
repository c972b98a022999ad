// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pixel size an image file declares, read from its header without decoding it: what lets
// a source refuse an image bomb (a PNG of under a megabyte that decodes to 30000×30000 pixels,
// 2.7 GB) before any decoder allocates for it. OpenCV 4.6 has no public call for this, and its
// own limit (OPENCV_IO_MAX_IMAGE_PIXELS, 2^30 pixels) is read once when the library loads.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace mnl {

struct ImageHeader {
  std::string format;  // "PNG", "JPEG", "BMP", "WebP", "PNM", "TIFF"
  std::int64_t width = 0;
  std::int64_t height = 0;
  std::int64_t pixels() const { return width * height; }
};

// PNG, JPEG, BMP, WebP, PNM (PBM/PGM/PPM) and TIFF (its first image); nullopt for any other
// format, or a header that cannot be read (the decoder then says what is wrong).
std::optional<ImageHeader> readImageHeader(const std::filesystem::path& file);

// The default bound on an image's or video frame's pixels, far above any camera (a 48 MP
// phone photo is 8000×6000): 50 megapixels.
inline constexpr std::int64_t kDefaultMaxPixels = 50'000'000;

}  // namespace mnl
