// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/media/image_header.h"

#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

namespace mnl {
namespace {

using Bytes = std::vector<unsigned char>;

std::uint32_t bigEndian(const unsigned char* p, int n) {
  std::uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

std::uint32_t littleEndian(const unsigned char* p, int n) {
  std::uint32_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

bool startsWith(const Bytes& b, const char* magic, std::size_t at = 0) {
  const std::size_t n = std::strlen(magic);
  return b.size() >= at + n && std::memcmp(b.data() + at, magic, n) == 0;
}

std::optional<ImageHeader> png(const Bytes& b) {
  // Signature, then the IHDR chunk first: length, "IHDR", width, height (big-endian).
  if (!startsWith(b, "\x89PNG\r\n\x1a\n") || !startsWith(b, "IHDR", 12) || b.size() < 24)
    return std::nullopt;
  return ImageHeader{"PNG", bigEndian(&b[16], 4), bigEndian(&b[20], 4)};
}

std::optional<ImageHeader> jpeg(std::ifstream& in) {
  // Markers from SOI on; each but the standalone ones carries a 2-byte length. The first
  // start-of-frame (SOF0…SOF15 but DHT C4, JPG C8, DAC CC) has the size; the EXIF block before
  // it can be 64 KB, so the segments are skipped, not read.
  in.seekg(2);
  for (int segments = 0; segments < 1000 && in; ++segments) {
    int c = in.get();
    if (c != 0xFF) return std::nullopt;
    while (c == 0xFF) c = in.get();  // fill bytes
    if (c == EOF || c == 0xD9 || c == 0xDA) return std::nullopt;  // end, or scan data: no SOF
    if (c == 0x01 || (c >= 0xD0 && c <= 0xD7)) continue;           // no length
    std::array<unsigned char, 7> s{};
    if (!in.read(reinterpret_cast<char*>(s.data()), 2)) return std::nullopt;
    const std::uint32_t length = bigEndian(s.data(), 2);
    if (length < 2) return std::nullopt;
    if (c >= 0xC0 && c <= 0xCF && c != 0xC4 && c != 0xC8 && c != 0xCC) {
      if (length < 7 || !in.read(reinterpret_cast<char*>(s.data() + 2), 5)) return std::nullopt;
      return ImageHeader{"JPEG", bigEndian(&s[5], 2), bigEndian(&s[3], 2)};  // precision, h, w
    }
    in.seekg(length - 2, std::ios::cur);
  }
  return std::nullopt;
}

std::optional<ImageHeader> bmp(const Bytes& b) {
  if (!startsWith(b, "BM") || b.size() < 26) return std::nullopt;
  const std::uint32_t dib = littleEndian(&b[14], 4);
  if (dib == 12)  // BITMAPCOREHEADER: 16-bit sizes
    return ImageHeader{"BMP", littleEndian(&b[18], 2), littleEndian(&b[20], 2)};
  const auto width = static_cast<std::int32_t>(littleEndian(&b[18], 4));
  const auto height = static_cast<std::int32_t>(littleEndian(&b[22], 4));  // < 0: top-down
  return ImageHeader{"BMP", std::abs(std::int64_t{width}), std::abs(std::int64_t{height})};
}

std::optional<ImageHeader> webp(const Bytes& b) {
  if (!startsWith(b, "RIFF") || !startsWith(b, "WEBP", 8) || b.size() < 30) return std::nullopt;
  if (startsWith(b, "VP8X", 12))  // extended: 24-bit width − 1 and height − 1
    return ImageHeader{"WebP", littleEndian(&b[24], 3) + 1, littleEndian(&b[27], 3) + 1};
  if (startsWith(b, "VP8L", 12)) {  // lossless: 14-bit width − 1, height − 1, packed
    const std::uint32_t bits = littleEndian(&b[21], 4);
    return ImageHeader{"WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
  }
  if (startsWith(b, "VP8 ", 12))  // lossy: key frame header, 14-bit sizes
    return ImageHeader{"WebP", littleEndian(&b[26], 2) & 0x3FFF, littleEndian(&b[28], 2) & 0x3FFF};
  return std::nullopt;
}

std::optional<ImageHeader> pnm(const Bytes& b) {
  if (b.size() < 3 || b[0] != 'P' || b[1] < '1' || b[1] > '6') return std::nullopt;
  // Whitespace-separated decimal width and height after the magic; '#' starts a comment.
  std::int64_t numbers[2] = {0, 0};
  std::size_t i = 2;
  for (std::int64_t& n : numbers) {
    while (i < b.size() && (std::isspace(b[i]) || b[i] == '#')) {
      if (b[i] == '#')
        while (i < b.size() && b[i] != '\n') ++i;
      else
        ++i;
    }
    if (i >= b.size() || !std::isdigit(b[i])) return std::nullopt;
    for (; i < b.size() && std::isdigit(b[i]) && n < (std::int64_t{1} << 40); ++i)
      n = n * 10 + (b[i] - '0');
  }
  return ImageHeader{"PNM", numbers[0], numbers[1]};
}

std::optional<ImageHeader> tiff(std::ifstream& in, const Bytes& b) {
  const bool little = startsWith(b, "II*\0");
  if (!little && !(b.size() >= 4 && std::memcmp(b.data(), "MM\0*", 4) == 0)) return std::nullopt;
  auto number = [little](const unsigned char* p, int n) {
    return little ? littleEndian(p, n) : bigEndian(p, n);
  };
  if (b.size() < 8) return std::nullopt;
  in.clear();
  in.seekg(number(&b[4], 4));  // the first image's directory
  unsigned char count[2];
  if (!in.read(reinterpret_cast<char*>(count), 2)) return std::nullopt;
  ImageHeader header{"TIFF", 0, 0};
  for (std::uint32_t e = 0, n = number(count, 2); e < n && e < 4096; ++e) {
    unsigned char entry[12];
    if (!in.read(reinterpret_cast<char*>(entry), 12)) return std::nullopt;
    const std::uint32_t tag = number(entry, 2), type = number(entry + 2, 2);
    const std::uint32_t value = type == 3 ? number(entry + 8, 2) : number(entry + 8, 4);
    if (tag == 256) header.width = value;   // ImageWidth
    if (tag == 257) header.height = value;  // ImageLength
  }
  if (header.width == 0 || header.height == 0) return std::nullopt;
  return header;
}

}  // namespace

std::optional<ImageHeader> readImageHeader(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  Bytes head(64);
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  in.clear();
  if (head.size() >= 2 && head[0] == 0xFF && head[1] == 0xD8) return jpeg(in);
  if (auto h = png(head)) return h;
  if (auto h = bmp(head)) return h;
  if (auto h = webp(head)) return h;
  if (auto h = pnm(head)) return h;
  return tiff(in, head);
}

}  // namespace mnl
