// SPDX-License-Identifier: GPL-3.0-or-later
#include "zip_archive.h"

#include <algorithm>

#include "mnl/weight_set.h"
#include "mnl/weights_error.h"

namespace mnl {
namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50,
                        kEndOfDirectory = 0x06054b50, kZip64End = 0x06064b50,
                        kZip64Locator = 0x07064b50;
constexpr std::uint32_t kNoValue32 = 0xffffffff;

// Little-endian reads that never pass the end of `bytes` (the caller checks `at`).
class Reader {
 public:
  Reader(std::span<const std::uint8_t> bytes, const std::filesystem::path& name)
      : bytes_(bytes), name_(name) {}
  std::uint64_t read(std::uint64_t at, int width) const {
    need(at, width);
    std::uint64_t value = 0;
    for (int i = width - 1; i >= 0; --i) value = (value << 8) | bytes_[at + i];
    return value;
  }
  void need(std::uint64_t at, std::uint64_t count) const {
    if (at > bytes_.size() || count > bytes_.size() - at)
      throw WeightsError(quoted(name_) +
                         ": truncated or damaged zip archive: a record runs past the end of the "
                         "file (" + std::to_string(bytes_.size()) + " bytes)");
  }
  std::size_t size() const { return bytes_.size(); }

 private:
  std::span<const std::uint8_t> bytes_;
  const std::filesystem::path& name_;
};

}  // namespace

ZipArchive::ZipArchive(std::span<const std::uint8_t> bytes, const std::filesystem::path& name)
    : bytes_(bytes), name_(name) {
  const Reader in(bytes, name_);
  auto damaged = [&](const std::string& what) {
    return WeightsError(quoted(name_) + ": truncated or damaged zip archive: " + what);
  };
  // The end-of-central-directory record: 22 bytes plus a comment of up to 65535, at the end.
  if (bytes.size() < 22) throw damaged("expected an end-of-directory record, found none");
  std::uint64_t end = bytes.size() - 22;
  const std::uint64_t lowest = bytes.size() > 22 + 65535 ? bytes.size() - 22 - 65535 : 0;
  while (in.read(end, 4) != kEndOfDirectory) {
    if (end == lowest) throw damaged("expected an end-of-directory record, found none");
    --end;
  }
  std::uint64_t count = in.read(end + 10, 2);
  std::uint64_t directorySize = in.read(end + 12, 4);
  std::uint64_t directory = in.read(end + 16, 4);
  if (count == 0xffff || directorySize == kNoValue32 || directory == kNoValue32) {
    if (end < 20 || in.read(end - 20, 4) != kZip64Locator)
      throw damaged("expected a zip64 locator before the end-of-directory record, found none");
    const std::uint64_t zip64End = in.read(end - 20 + 8, 8);
    if (in.read(zip64End, 4) != kZip64End)
      throw damaged("the zip64 locator points at no zip64 end-of-directory record");
    count = in.read(zip64End + 32, 8);
    directorySize = in.read(zip64End + 40, 8);
    directory = in.read(zip64End + 48, 8);
  }
  in.need(directory, directorySize);
  // Each central header is at least 46 bytes: a count larger than that allows is a lie.
  if (count > directorySize / 46) throw damaged("more entries than the central directory holds");

  std::uint64_t at = directory;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (in.read(at, 4) != kCentralHeader)
      throw damaged("central directory entry " + std::to_string(i) + " has no header");
    Entry entry;
    entry.method = static_cast<std::uint16_t>(in.read(at + 10, 2));
    entry.storedSize = in.read(at + 20, 4);
    entry.size = in.read(at + 24, 4);
    const std::uint64_t nameLength = in.read(at + 28, 2), extraLength = in.read(at + 30, 2),
                        commentLength = in.read(at + 32, 2);
    entry.localHeader = in.read(at + 42, 4);
    in.need(at + 46, nameLength + extraLength + commentLength);
    const std::string entryName(reinterpret_cast<const char*>(bytes.data() + at + 46), nameLength);
    // zip64 extra field (id 1): the 64-bit values of the fields that read 0xffffffff, in order.
    std::uint64_t extra = at + 46 + nameLength;
    const std::uint64_t extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const std::uint64_t id = in.read(extra, 2), length = in.read(extra + 2, 2);
      if (extra + 4 + length > extraEnd) throw damaged("an extra field runs past its entry");
      if (id == 1) {
        std::uint64_t field = extra + 4;
        auto take = [&](std::uint64_t& value) {
          if (value != kNoValue32) return;
          if (field + 8 > extra + 4 + length) throw damaged("a zip64 field is missing");
          value = in.read(field, 8);
          field += 8;
        };
        take(entry.size);
        take(entry.storedSize);
        take(entry.localHeader);
      }
      extra += 4 + length;
    }
    if (!entries_.emplace(entryName, entry).second)
      throw damaged("the entry " + entryName + " appears twice");
    names_.push_back(entryName);
    at += 46 + nameLength + extraLength + commentLength;
  }
}

std::span<const std::uint8_t> ZipArchive::entry(const std::string& entryName) const {
  const auto found = entries_.find(entryName);
  if (found == entries_.end())
    throw WeightsError(quoted(name_) + ": expected an entry " + entryName +
                       " in the zip archive, found none");
  const Entry& e = found->second;
  if (e.method != 0 || e.storedSize != e.size)
    throw WeightsError(quoted(name_) + ": the entry " + entryName +
                       " is compressed (method " + std::to_string(e.method) +
                       "); torch.save stores entries uncompressed");
  const Reader in(bytes_, name_);
  if (in.read(e.localHeader, 4) != kLocalHeader)
    throw WeightsError(quoted(name_) + ": truncated or damaged zip archive: the entry " +
                       entryName + " has no local header");
  const std::uint64_t data =
      e.localHeader + 30 + in.read(e.localHeader + 26, 2) + in.read(e.localHeader + 28, 2);
  in.need(data, e.size);
  return bytes_.subspan(static_cast<std::size_t>(data), static_cast<std::size_t>(e.size));
}

}  // namespace mnl
