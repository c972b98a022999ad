// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The entries of a zip archive held in memory, as torch.save writes them: stored, not
// compressed, with zip64 records where sizes need them. Every offset and size is checked
// against the bytes before use, so a damaged or hostile file ends in a WeightsError.
// Written here rather than taken from LibTorch (caffe2::serialize::PyTorchStreamReader reads
// the same archives) so that the checkpoint readers stay torch-free and the fuzz targets
// (tests/fuzz) build from their sources alone. No torch and no Qt here.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace mnl {

class ZipArchive {
 public:
  // `bytes` must outlive the archive. Throws WeightsError naming `name` for anything that is
  // not a complete zip archive.
  ZipArchive(std::span<const std::uint8_t> bytes, const std::filesystem::path& name);

  // Entry names in the order of the central directory.
  const std::vector<std::string>& names() const { return names_; }
  bool has(const std::string& entry) const { return entries_.count(entry) > 0; }
  // The entry's bytes (a view of the archive). Throws WeightsError naming the file and the
  // entry when it is missing or compressed.
  std::span<const std::uint8_t> entry(const std::string& entry) const;

 private:
  struct Entry {
    std::uint16_t method = 0;
    std::uint64_t size = 0;        // uncompressed
    std::uint64_t storedSize = 0;  // compressed
    std::uint64_t localHeader = 0;
  };
  std::span<const std::uint8_t> bytes_;
  std::filesystem::path name_;
  std::vector<std::string> names_;
  std::map<std::string, Entry> entries_;
};

}  // namespace mnl
