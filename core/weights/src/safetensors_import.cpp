// SPDX-License-Identifier: GPL-3.0-or-later
// safetensors files (an 8-byte little-endian header length, a JSON header naming each tensor's
// dtype, shape and byte range, then the raw little-endian data) of the notebook's state dict.
#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "mnl/weight_set.h"
#include "mnl/weights_error.h"
#include "state_dict_import.h"

namespace mnl {
namespace {

struct DType {
  const char* name;
  std::size_t size;
  bool floating;
};
constexpr DType kDTypes[] = {{"F32", 4, true},  {"F64", 8, true},  {"F16", 2, true},
                             {"BF16", 2, true}, {"I64", 8, false}, {"I32", 4, false},
                             {"I16", 2, false}, {"I8", 1, false},  {"U8", 1, false},
                             {"BOOL", 1, false}};

std::vector<float> convert(const std::string& dtype, std::span<const std::uint8_t> data) {
  std::vector<float> out;
  if (dtype == "F32") {
    out.resize(data.size() / 4);
    std::memcpy(out.data(), data.data(), out.size() * 4);
  } else if (dtype == "F64") {
    for (std::size_t i = 0; i + 8 <= data.size(); i += 8) {
      double v;
      std::memcpy(&v, data.data() + i, 8);
      out.push_back(toFloat(v));
    }
  } else {
    const bool half = dtype == "F16";
    for (std::size_t i = 0; i + 2 <= data.size(); i += 2) {
      const auto bits = std::uint16_t(data[i] | data[i + 1] << 8);
      out.push_back(half ? halfToFloat(bits) : bfloat16ToFloat(bits));
    }
  }
  return out;
}

}  // namespace

bool looksLikeSafetensors(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 10) return false;
  std::uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | bytes[static_cast<std::size_t>(i)];
  return length >= 2 && length <= bytes.size() - 8 && bytes[8] == '{';
}

WeightSet readSafetensorsBytes(std::span<const std::uint8_t> bytes,
                               const std::filesystem::path& file) {
  auto bad = [&](const std::string& what) {
    return WeightsError(quoted(file) + ": damaged safetensors file: " + what);
  };
  if (bytes.size() < 8) throw bad("shorter than its 8-byte header length");
  std::uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | bytes[static_cast<std::size_t>(i)];
  if (length > bytes.size() - 8)
    throw bad("the header claims " + std::to_string(length) + " bytes, the file holds " +
              std::to_string(bytes.size() - 8) + " after the length");
  const auto header = nlohmann::json::parse(bytes.begin() + 8,
                                            bytes.begin() + 8 + static_cast<std::ptrdiff_t>(length),
                                            nullptr, false);
  if (header.is_discarded() || !header.is_object()) throw bad("the header is not a JSON object");
  const std::span<const std::uint8_t> data = bytes.subspan(8 + static_cast<std::size_t>(length));

  struct Located {
    std::uint64_t begin;
    StateDictEntry entry;
  };
  std::vector<Located> located;
  for (const auto& [name, info] : header.items()) {
    if (name == "__metadata__") continue;
    if (!info.is_object() || !info.contains("dtype") || !info["dtype"].is_string() ||
        !info.contains("shape") || !info["shape"].is_array() || !info.contains("data_offsets") ||
        !info["data_offsets"].is_array() || info["data_offsets"].size() != 2 ||
        !info["data_offsets"][0].is_number_unsigned() ||
        !info["data_offsets"][1].is_number_unsigned())
      throw bad("the header entry " + name + " lacks a dtype, shape or data_offsets");
    const std::string dtype = info["dtype"].get<std::string>();
    const auto type = std::find_if(std::begin(kDTypes), std::end(kDTypes),
                                   [&](const DType& t) { return dtype == t.name; });
    if (type == std::end(kDTypes)) throw bad(name + " has the unknown dtype " + dtype);
    StateDictEntry entry;
    entry.name = name;
    std::uint64_t count = 1;
    for (const auto& side : info["shape"]) {
      if (!side.is_number_unsigned()) throw bad(name + " has a shape that is no list of sizes");
      const std::uint64_t s = side.get<std::uint64_t>();
      if (s > (std::uint64_t{1} << 40) || __builtin_mul_overflow(count, s, &count))
        throw bad(name + " has an impossible shape");
      entry.shape.push_back(static_cast<std::int64_t>(s));
    }
    const std::uint64_t begin = info["data_offsets"][0].get<std::uint64_t>();
    const std::uint64_t end = info["data_offsets"][1].get<std::uint64_t>();
    if (begin > end || end > data.size())
      throw bad("the header says " + name + " lies at bytes " + std::to_string(begin) + "…" +
                std::to_string(end) + ", but the data section holds " +
                std::to_string(data.size()) + " bytes");
    std::uint64_t needed = 0;
    if (__builtin_mul_overflow(count, type->size, &needed) || needed != end - begin)
      throw bad("the header gives " + name + " " + std::to_string(end - begin) +
                " bytes, its shape and dtype need " + std::to_string(needed));
    entry.floating = type->floating;
    const auto slice = data.subspan(static_cast<std::size_t>(begin),
                                    static_cast<std::size_t>(end - begin));
    entry.values = [slice, dtype] { return convert(dtype, slice); };
    located.push_back({begin, std::move(entry)});
  }
  // The file's order is the data's order; the header's JSON object has none.
  std::stable_sort(located.begin(), located.end(),
                   [](const Located& a, const Located& b) { return a.begin < b.begin; });
  std::vector<StateDictEntry> entries;
  for (Located& l : located) entries.push_back(std::move(l.entry));
  return weightSetFromStateDict(entries, file, WeightsFormat::Safetensors);
}

WeightSet readSafetensors(const std::filesystem::path& file) {
  const std::vector<std::uint8_t> bytes = readFileBytes(file);
  return readSafetensorsBytes(bytes, file);
}

}  // namespace mnl
