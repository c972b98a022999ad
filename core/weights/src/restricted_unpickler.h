// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A pickle reader that builds data and nothing else: None, booleans, integers, floats, strings,
// bytes, tuples, lists, dicts (OrderedDict too) and PyTorch tensors, as torch.save pickles them.
// A pickle is a program: GLOBAL names any Python callable and REDUCE calls it, so a checkpoint
// can run code when Python loads it. This reader never calls anything: it knows the few
// callables a state dict needs (collections.OrderedDict, torch._utils._rebuild_tensor_v2 and the
// storage types) and builds what they would build; any other GLOBAL is refused with an error
// that names it. LibTorch's own unpickler is no help here: it turns an OrderedDict into None
// (pytorch/pytorch #100741). No torch and no Qt here.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace mnl::pickle {

enum class ElementType { Float32, Float64, Float16, BFloat16, Int64, Int32, Int16, Int8, UInt8, Bool };

struct TensorRef {
  std::string storageKey;  // the archive entry data/<key>
  ElementType type = ElementType::Float32;
  std::int64_t offset = 0;  // in elements
  std::vector<std::int64_t> sizes, strides;
};

enum class Kind { None, Bool, Int, Float, String, Bytes, Tuple, List, Dict, Tensor, Global, Storage };

// Values live in one arena and refer to each other by index, as the pickle's memo does: a
// pickle may share or nest them, cycles included, and nothing here owns anything twice.
struct Value {
  Kind kind = Kind::None;
  std::int64_t integer = 0;  // Bool, Int
  double real = 0;           // Float
  std::string text;          // String, Bytes, Global ("module.name")
  std::vector<std::size_t> items;  // Tuple, List; Dict: key, value, key, value…
  TensorRef tensor;          // Tensor; Storage: its key and type
};

struct Pickle {
  std::vector<Value> values;
  std::size_t root = 0;
  const Value& operator[](std::size_t index) const { return values[index]; }
};

// Throws WeightsError naming `file` for a damaged pickle or one that asks for anything else.
Pickle unpickle(std::span<const std::uint8_t> data, const std::filesystem::path& file);

std::size_t elementSize(ElementType type);
const char* toString(ElementType type);

}  // namespace mnl::pickle
