// SPDX-License-Identifier: GPL-3.0-or-later
// INPUT without OpenCV: still images (BMP, PNG, baseline JPEG, PNM, TGA) and folders of them,
// decoded by stb_image. What the CLI reads on a machine that has LibTorch and no OpenCV.
#define STB_IMAGE_IMPLEMENTATION
#define STBI_FAILURE_USERMSG
#define STBI_ONLY_BMP
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_PNM
#define STBI_ONLY_TGA
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-function"
#endif
#include "stb_image.h"
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "input_frames.h"

namespace mnl::cli {
namespace {

bool readableExtension(const std::filesystem::path& file) {
  static constexpr std::array<std::string_view, 8> kExtensions{
      ".bmp", ".png", ".jpg", ".jpeg", ".pgm", ".ppm", ".pnm", ".tga"};
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}

// Decodes one image to BGR and visits it; false (after reporting) when it cannot.
bool readImage(const std::string& file, std::int64_t maxPixels,
               const std::function<void(const InputFrame&)>& visit,
               const std::function<void(const std::string&)>& problem) {
  int width = 0, height = 0, channels = 0;
  // The header first (stbi_info decodes nothing): an image bomb is refused before its pixels
  // are allocated.
  if (stbi_info(file.c_str(), &width, &height, &channels) &&
      std::int64_t{width} * height > maxPixels) {
    problem(file + ": " + std::to_string(width) + "\u00d7" + std::to_string(height) +
            " pixels is above the limit of " + std::to_string(maxPixels) +
            " pixels; refused without decoding");
    return false;
  }
  const std::unique_ptr<stbi_uc, void (*)(void*)> rgb(
      stbi_load(file.c_str(), &width, &height, &channels, 3), stbi_image_free);
  if (!rgb) {
    problem(file + " is not an image this build can decode (" + stbi_failure_reason() +
            "; built without OpenCV, it reads BMP, PNG, JPEG, PNM and TGA images)");
    return false;
  }
  stbi_uc* pixels = rgb.get();
  for (std::size_t i = 0, n = std::size_t(width) * height; i < n; ++i)
    std::swap(pixels[3 * i], pixels[3 * i + 2]);  // RGB → BGR, as OpenCV would hand it over
  visit({file, std::nullopt, pixels, width, height, 3 * static_cast<std::ptrdiff_t>(width)});
  return true;
}

}  // namespace

const char* readableInputs() {
  return "images (BMP, PNG, JPEG, PNM, TGA) and folders of them; this build has no OpenCV, so no "
         "videos";
}

int readInput(const std::string& input, const InputOptions& options,
              const std::function<void(const InputFrame&)>& visit,
              const std::function<void(const std::string&)>& problem) {
  std::error_code error;
  if (!std::filesystem::exists(input, error)) {
    problem(input + ": no such file or folder");
    return 1;
  }
  if (!std::filesystem::is_directory(input, error))
    return readImage(input, options.maxPixels, visit, problem) ? 0 : 1;

  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(input, error), end; !error && it != end;
       it.increment(error))
    if (it->is_regular_file(error) && readableExtension(it->path()) &&
        !it->path().filename().string().starts_with('.'))
      files.push_back(it->path());
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    problem(input + ": no image files (.bmp, .png, .jpg…)");
    return 1;
  }
  int problems = 0;
  for (const auto& file : files)
    problems += readImage(file.string(), options.maxPixels, visit, problem) ? 0 : 1;
  return problems;
}

}  // namespace mnl::cli
