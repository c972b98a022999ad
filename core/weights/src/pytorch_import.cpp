// SPDX-License-Identifier: GPL-3.0-or-later
// PyTorch checkpoints (torch.save since 1.6: a zip archive of data.pkl and one entry per
// storage), read with the restricted unpickler: no Python, no code from the file.
#include <cstring>
#include <limits>

#include "mnl/weight_set.h"
#include "mnl/weights_error.h"
#include "restricted_unpickler.h"
#include "state_dict_import.h"
#include "zip_archive.h"

namespace mnl {
namespace {

using pickle::Kind;

// The keys training scripts put the model's state dict under.
constexpr const char* kStateDictKeys[] = {"model", "state_dict", "model_state_dict"};

bool isTensorDict(const pickle::Pickle& p, std::size_t index) {
  const pickle::Value& v = p[index];
  if (v.kind != Kind::Dict || v.items.empty()) return false;
  for (std::size_t i = 0; i < v.items.size(); i += 2)
    if (p[v.items[i]].kind != Kind::String || p[v.items[i + 1]].kind != Kind::Tensor) return false;
  return true;
}

// The value of a string key of a dict (the last one, as Python keeps), or SIZE_MAX.
std::size_t lookup(const pickle::Pickle& p, std::size_t dict, const std::string& key) {
  std::size_t found = std::numeric_limits<std::size_t>::max();
  const pickle::Value& d = p[dict];
  for (std::size_t i = 0; i < d.items.size(); i += 2)
    if (p[d.items[i]].kind == Kind::String && p[d.items[i]].text == key) found = d.items[i + 1];
  return found;
}

std::string keysOf(const pickle::Pickle& p, std::size_t dict) {
  std::string keys;
  const pickle::Value& d = p[dict];
  for (std::size_t i = 0; i < d.items.size() && i < 16; i += 2)
    keys += (keys.empty() ? "" : ", ") +
            (p[d.items[i]].kind == Kind::String ? "'" + p[d.items[i]].text + "'" : "?");
  return keys;
}

// The bare state dict, or the one a training script nested in its checkpoint.
std::size_t findStateDict(const pickle::Pickle& p, const std::filesystem::path& file) {
  if (isTensorDict(p, p.root)) return p.root;
  if (p[p.root].kind != Kind::Dict)
    throw WeightsError(quoted(file) + ": expected a state dict (a dict of tensors) or a dict "
                       "holding one, found a pickled value of another kind");
  for (const char* key : kStateDictKeys) {
    const std::size_t value = lookup(p, p.root, key);
    if (value != std::numeric_limits<std::size_t>::max() && isTensorDict(p, value)) return value;
  }
  std::vector<std::size_t> candidates;
  const pickle::Value& root = p[p.root];
  for (std::size_t i = 1; i < root.items.size(); i += 2)
    if (isTensorDict(p, root.items[i])) candidates.push_back(root.items[i]);
  if (candidates.size() == 1) return candidates.front();
  throw WeightsError(quoted(file) + ": expected a state dict under 'model', 'state_dict' or "
                     "'model_state_dict', or one dict of tensors, found " +
                     std::to_string(candidates.size()) + " dicts of tensors among the keys " +
                     keysOf(p, p.root));
}

// A tensor's values as float, from its storage entry, every index checked.
std::vector<float> tensorValues(const pickle::TensorRef& t, std::span<const std::uint8_t> storage,
                                const std::string& name, const std::filesystem::path& file) {
  const std::size_t size = pickle::elementSize(t.type);
  const std::uint64_t count = storage.size() / size;
  auto bad = [&](const std::string& what) {
    return WeightsError(quoted(file) + ": " + name + ": " + what);
  };
  if (t.offset < 0) throw bad("a negative storage offset");
  std::uint64_t numel = 1, last = static_cast<std::uint64_t>(t.offset);
  for (std::size_t d = 0; d < t.sizes.size(); ++d) {
    if (t.sizes[d] < 0 || t.strides[d] < 0) throw bad("a negative size or stride");
    if (__builtin_mul_overflow(numel, static_cast<std::uint64_t>(t.sizes[d]), &numel))
      throw bad("too many elements");
    std::uint64_t reach = 0;
    if (t.sizes[d] > 0 &&
        (__builtin_mul_overflow(static_cast<std::uint64_t>(t.sizes[d] - 1),
                                static_cast<std::uint64_t>(t.strides[d]), &reach) ||
         __builtin_add_overflow(last, reach, &last)))
      throw bad("its elements lie beyond any storage");
  }
  if (numel == 0) return {};
  if (last >= count || numel > count)
    throw bad("its elements run past its storage (" + std::to_string(count) + " " +
              pickle::toString(t.type) + " values)");
  std::vector<float> out;
  out.reserve(static_cast<std::size_t>(numel));
  const std::uint8_t* base = storage.data();
  auto at = [&](std::uint64_t i) -> float {
    const std::uint8_t* p = base + i * size;
    switch (t.type) {
      case pickle::ElementType::Float32: {
        float v;
        std::memcpy(&v, p, 4);
        return v;
      }
      case pickle::ElementType::Float64: {
        double v;
        std::memcpy(&v, p, 8);
        return toFloat(v);
      }
      case pickle::ElementType::Float16: return halfToFloat(std::uint16_t(p[0] | p[1] << 8));
      case pickle::ElementType::BFloat16: return bfloat16ToFloat(std::uint16_t(p[0] | p[1] << 8));
      default: return 0;
    }
  };
  // Row-major walk over the sizes: an odometer of indices.
  std::vector<std::int64_t> index(t.sizes.size(), 0);
  for (std::uint64_t n = 0; n < numel; ++n) {
    std::uint64_t element = static_cast<std::uint64_t>(t.offset);
    for (std::size_t d = 0; d < index.size(); ++d)
      element += static_cast<std::uint64_t>(index[d]) * static_cast<std::uint64_t>(t.strides[d]);
    out.push_back(at(element));
    for (std::size_t d = index.size(); d-- > 0;) {
      if (++index[d] < t.sizes[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

bool floating(pickle::ElementType type) {
  return type == pickle::ElementType::Float32 || type == pickle::ElementType::Float64 ||
         type == pickle::ElementType::Float16 || type == pickle::ElementType::BFloat16;
}

}  // namespace

WeightSet readPyTorchCheckpointBytes(std::span<const std::uint8_t> bytes,
                                     const std::filesystem::path& file) {
  const ZipArchive zip(bytes, file);
  // Every entry sits under one folder named after the file it was saved as: <folder>/data.pkl.
  std::string folder;
  bool found = false;
  for (const std::string& name : zip.names())
    if (name.size() >= 8 && name.compare(name.size() - 8, 8, "data.pkl") == 0 &&
        (name.size() == 8 || name[name.size() - 9] == '/') &&
        name.find('/') == name.rfind('/')) {
      folder = name.substr(0, name.size() - 8);
      found = true;
      break;
    }
  if (!found)
    throw WeightsError(quoted(file) + ": a zip archive without data.pkl: not a PyTorch "
                       "checkpoint written by torch.save");
  if (zip.has(folder + "byteorder")) {
    const auto order = zip.entry(folder + "byteorder");
    if (std::string(order.begin(), order.end()) != "little")
      throw WeightsError(quoted(file) + ": a big-endian checkpoint: expected byteorder "
                         "'little'");
  }
  const pickle::Pickle p = pickle::unpickle(zip.entry(folder + "data.pkl"), file);
  const std::size_t dict = findStateDict(p, file);

  std::vector<StateDictEntry> entries;
  const pickle::Value& d = p[dict];
  for (std::size_t i = 0; i < d.items.size(); i += 2) {
    StateDictEntry entry;
    entry.name = p[d.items[i]].text;
    const pickle::TensorRef& tensor = p[d.items[i + 1]].tensor;
    entry.shape = tensor.sizes;
    entry.floating = floating(tensor.type);
    const std::string storage = folder + "data/" + tensor.storageKey;
    entry.values = [&zip, &file, tensor, storage, name = entry.name] {
      return tensorValues(tensor, zip.entry(storage), name, file);
    };
    entries.push_back(std::move(entry));
  }
  return weightSetFromStateDict(entries, file, WeightsFormat::PyTorch);
}

WeightSet readPyTorchCheckpoint(const std::filesystem::path& file) {
  const std::vector<std::uint8_t> bytes = readFileBytes(file);
  return readPyTorchCheckpointBytes(bytes, file);
}

}  // namespace mnl
