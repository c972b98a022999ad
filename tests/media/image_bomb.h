// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A real image bomb, made at test time: a valid PNG of width × height black RGB pixels, whose
// rows of zeros deflate about 1000-fold (30000 × 30000: 2.7 GB decoded, under 3 MB on disk).
// Written row by row through zlib, so making it costs no more memory than a row.
#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace mnl::test {

inline void writePngChunk(std::ofstream& out, const char* type, const unsigned char* data,
                          std::uint32_t size) {
  const unsigned char length[4] = {static_cast<unsigned char>(size >> 24),
                                   static_cast<unsigned char>(size >> 16),
                                   static_cast<unsigned char>(size >> 8),
                                   static_cast<unsigned char>(size)};
  out.write(reinterpret_cast<const char*>(length), 4);
  out.write(type, 4);
  if (size) out.write(reinterpret_cast<const char*>(data), size);
  uLong crc = crc32(0, reinterpret_cast<const Bytef*>(type), 4);
  if (size) crc = crc32(crc, data, size);
  const unsigned char c[4] = {static_cast<unsigned char>(crc >> 24),
                              static_cast<unsigned char>(crc >> 16),
                              static_cast<unsigned char>(crc >> 8), static_cast<unsigned char>(crc)};
  out.write(reinterpret_cast<const char*>(c), 4);
}

// False when the file could not be written.
inline bool writePngBomb(const std::string& file, std::uint32_t width, std::uint32_t height) {
  std::ofstream out(file, std::ios::binary);
  out.write("\x89PNG\r\n\x1a\n", 8);
  const unsigned char ihdr[13] = {
      static_cast<unsigned char>(width >> 24), static_cast<unsigned char>(width >> 16),
      static_cast<unsigned char>(width >> 8), static_cast<unsigned char>(width),
      static_cast<unsigned char>(height >> 24), static_cast<unsigned char>(height >> 16),
      static_cast<unsigned char>(height >> 8), static_cast<unsigned char>(height),
      8, 2, 0, 0, 0};  // 8 bits, RGB, deflate, no filter method, no interlace
  writePngChunk(out, "IHDR", ihdr, sizeof ihdr);
  z_stream z{};
  if (deflateInit(&z, Z_BEST_COMPRESSION) != Z_OK) return false;
  const std::vector<unsigned char> row(1 + std::size_t{width} * 3, 0);  // filter byte, pixels
  std::vector<unsigned char> packed(1 << 20);
  for (std::uint32_t y = 0; y <= height; ++y) {
    const bool last = y == height;
    z.next_in = const_cast<Bytef*>(row.data());
    z.avail_in = last ? 0 : static_cast<uInt>(row.size());
    do {
      z.next_out = packed.data();
      z.avail_out = static_cast<uInt>(packed.size());
      deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
      const auto produced = static_cast<std::uint32_t>(packed.size() - z.avail_out);
      if (produced) writePngChunk(out, "IDAT", packed.data(), produced);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  writePngChunk(out, "IEND", nullptr, 0);
  return static_cast<bool>(out);
}

}  // namespace mnl::test
