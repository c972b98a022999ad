// SPDX-License-Identifier: GPL-3.0-or-later
#include "restricted_unpickler.h"

#include <bit>
#include <cstring>
#include <unordered_map>

#include "mnl/weight_set.h"
#include "mnl/weights_error.h"

namespace mnl::pickle {
namespace {

// The opcodes by the names CPython's Lib/pickle.py gives them (protocols 0 to 5).
namespace op {
enum : std::uint8_t {
  MARK = '(',
  STOP = '.',
  POP = '0',
  POP_MARK = '1',
  DUP = '2',
  FLOAT = 'F',
  INT = 'I',
  BININT = 'J',
  BININT1 = 'K',
  LONG = 'L',
  BININT2 = 'M',
  NONE = 'N',
  PERSID = 'P',
  BINPERSID = 'Q',
  REDUCE = 'R',
  STRING = 'S',
  BINSTRING = 'T',
  SHORT_BINSTRING = 'U',
  UNICODE = 'V',
  BINUNICODE = 'X',
  APPEND = 'a',
  BUILD = 'b',
  GLOBAL = 'c',
  DICT = 'd',
  EMPTY_DICT = '}',
  APPENDS = 'e',
  GET = 'g',
  BINGET = 'h',
  INST = 'i',
  LONG_BINGET = 'j',
  LIST = 'l',
  EMPTY_LIST = ']',
  OBJ = 'o',
  PUT = 'p',
  BINPUT = 'q',
  LONG_BINPUT = 'r',
  SETITEM = 's',
  TUPLE = 't',
  EMPTY_TUPLE = ')',
  SETITEMS = 'u',
  BINFLOAT = 'G',
  BINBYTES = 'B',
  SHORT_BINBYTES = 'C',
  PROTO = 0x80,
  NEWOBJ = 0x81,
  EXT1 = 0x82,
  EXT2 = 0x83,
  EXT4 = 0x84,
  TUPLE1 = 0x85,
  TUPLE2 = 0x86,
  TUPLE3 = 0x87,
  NEWTRUE = 0x88,
  NEWFALSE = 0x89,
  LONG1 = 0x8a,
  LONG4 = 0x8b,
  SHORT_BINUNICODE = 0x8c,
  BINUNICODE8 = 0x8d,
  BINBYTES8 = 0x8e,
  EMPTY_SET = 0x8f,
  ADDITEMS = 0x90,
  FROZENSET = 0x91,
  NEWOBJ_EX = 0x92,
  STACK_GLOBAL = 0x93,
  MEMOIZE = 0x94,
  FRAME = 0x95,
  BYTEARRAY8 = 0x96,
  NEXT_BUFFER = 0x97,
  READONLY_BUFFER = 0x98,
};
}  // namespace op


struct StorageType {
  const char* name;
  ElementType type;
};
constexpr StorageType kStorageTypes[] = {
    {"torch.FloatStorage", ElementType::Float32},   {"torch.DoubleStorage", ElementType::Float64},
    {"torch.HalfStorage", ElementType::Float16},    {"torch.BFloat16Storage", ElementType::BFloat16},
    {"torch.LongStorage", ElementType::Int64},      {"torch.IntStorage", ElementType::Int32},
    {"torch.ShortStorage", ElementType::Int16},     {"torch.CharStorage", ElementType::Int8},
    {"torch.ByteStorage", ElementType::UInt8},      {"torch.BoolStorage", ElementType::Bool},
};

// The callables a state dict's pickle names, besides the storage types. Nothing is called:
// REDUCE below builds what each would return.
constexpr const char* kCallables[] = {
    "collections.OrderedDict",       "torch._utils._rebuild_tensor_v2",
    "torch._utils._rebuild_tensor",  "torch._utils._rebuild_parameter",
    "torch._utils._rebuild_parameter_with_state",
};

bool allowedGlobal(const std::string& name) {
  for (const StorageType& s : kStorageTypes)
    if (name == s.name) return true;
  for (const char* c : kCallables)
    if (name == c) return true;
  return false;
}

class Unpickler {
 public:
  Unpickler(std::span<const std::uint8_t> data, const std::filesystem::path& file)
      : data_(data), file_(file) {}

  Pickle run() {
    while (true) {
      const std::uint8_t op = byte();
      if (op == op::STOP) {
        if (stack_.size() != 1) fail("the pickle ends with " + std::to_string(stack_.size()) +
                                     " values on its stack, expected 1");
        pickle_.root = stack_.back();
        return std::move(pickle_);
      }
      step(op);
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw WeightsError(quoted(file_) + ": damaged pickle (data.pkl at byte " +
                       std::to_string(at_) + "): " + what);
  }
  [[noreturn]] void refuse(const std::string& what) const {
    throw WeightsError(quoted(file_) + ": refused to unpickle: " + what +
                       " (a pickle can run code when Python loads it; only tensors, dicts, "
                       "lists, tuples and numbers are read here)");
  }

  std::uint8_t byte() {
    if (at_ >= data_.size()) fail("it ends without a STOP opcode");
    return data_[at_++];
  }
  std::span<const std::uint8_t> take(std::uint64_t count) {
    if (count > data_.size() - at_) fail("a value runs past the end of the pickle");
    const auto out = data_.subspan(at_, static_cast<std::size_t>(count));
    at_ += static_cast<std::size_t>(count);
    return out;
  }
  std::uint64_t unsignedLE(int width) {
    const auto bytes = take(static_cast<std::uint64_t>(width));
    std::uint64_t value = 0;
    for (int i = width - 1; i >= 0; --i) value = (value << 8) | bytes[static_cast<std::size_t>(i)];
    return value;
  }
  std::string line() {
    std::string text;
    while (true) {
      const std::uint8_t c = byte();
      if (c == '\n') return text;
      text.push_back(static_cast<char>(c));
    }
  }
  std::string bytesAsString(std::uint64_t count) {
    const auto bytes = take(count);
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  }

  std::size_t make(Value value) {
    pickle_.values.push_back(std::move(value));
    return pickle_.values.size() - 1;
  }
  void push(Value value) { stack_.push_back(make(std::move(value))); }
  Value& at(std::size_t index) { return pickle_.values[index]; }
  std::size_t pop() {
    if (stack_.size() <= floor()) fail("a value is taken from an empty stack");
    const std::size_t top = stack_.back();
    stack_.pop_back();
    return top;
  }
  std::size_t top() {
    if (stack_.size() <= floor()) fail("a value is read from an empty stack");
    return stack_.back();
  }
  std::size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
  // The values above the last MARK, which is removed.
  std::vector<std::size_t> popMark() {
    if (marks_.empty()) fail("no MARK to return to");
    const std::size_t mark = marks_.back();
    marks_.pop_back();
    std::vector<std::size_t> items(stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end());
    stack_.resize(mark);
    return items;
  }
  Value sequence(Kind kind, std::vector<std::size_t> items) {
    Value v;
    v.kind = kind;
    v.items = std::move(items);
    return v;
  }
  static Value integer(std::int64_t i, Kind kind = Kind::Int) {
    Value v;
    v.kind = kind;
    v.integer = i;
    return v;
  }
  static Value text(std::string s, Kind kind) {
    Value v;
    v.kind = kind;
    v.text = std::move(s);
    return v;
  }

  void memoPut(std::uint64_t key) { memo_[key] = top(); }
  void memoGet(std::uint64_t key) {
    const auto found = memo_.find(key);
    if (found == memo_.end()) fail("memo entry " + std::to_string(key) + " was never stored");
    stack_.push_back(found->second);
  }
  std::uint64_t decimal(const std::string& digits) {
    if (digits.empty() || digits.size() > 18 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      fail("expected a memo index, found '" + digits + "'");
    return std::stoull(digits);
  }

  std::int64_t longBytes(std::uint64_t count) {
    if (count > 8) fail("an integer of " + std::to_string(count) + " bytes is too large");
    const auto bytes = take(count);
    if (count == 0) return 0;
    std::uint64_t value = 0;
    for (std::size_t i = count; i-- > 0;) value = (value << 8) | bytes[i];
    if (count < 8 && (bytes[count - 1] & 0x80)) value |= ~std::uint64_t{0} << (8 * count);
    return static_cast<std::int64_t>(value);
  }

  void global(const std::string& module, const std::string& name) {
    const std::string full = module + "." + name;
    if (!allowedGlobal(full)) refuse("the file asks for the Python callable " + full);
    push(text(full, Kind::Global));
  }

  // Appended in order; a repeated key (which torch.save never writes) is resolved when read:
  // the last one wins, as in Python. Checking here would cost quadratic time on a hostile file.
  void addToDict(std::size_t dict, const std::vector<std::size_t>& pairs) {
    if (at(dict).kind != Kind::Dict) fail("SETITEM on something that is not a dict");
    if (pairs.size() % 2) fail("SETITEMS with an odd number of values");
    Value& d = at(dict);
    d.items.insert(d.items.end(), pairs.begin(), pairs.end());
  }

  std::vector<std::int64_t> intTuple(std::size_t index, const char* what) {
    const Value& v = pickle_.values[index];
    if (v.kind != Kind::Tuple && v.kind != Kind::List) fail(std::string("expected a tuple of ") + what);
    std::vector<std::int64_t> out;
    for (std::size_t item : v.items) {
      const Value& i = pickle_.values[item];
      if (i.kind != Kind::Int) fail(std::string("expected integers in the ") + what);
      out.push_back(i.integer);
    }
    return out;
  }

  // What calling an allowed callable would have returned, built from its arguments.
  void reduce() {
    const std::size_t args = pop(), callable = pop();
    if (at(callable).kind != Kind::Global) fail("REDUCE calls something that is not a callable");
    const std::string name = at(callable).text;  // a copy: make() below may move the arena
    const Value a = pickle_.values[args];
    if (a.kind != Kind::Tuple) fail("REDUCE without an argument tuple");
    if (name == "collections.OrderedDict") {
      Value dict;
      dict.kind = Kind::Dict;
      const std::size_t d = make(std::move(dict));
      if (!a.items.empty()) {
        const Value source = pickle_.values[a.items[0]];
        if (source.kind != Kind::List && source.kind != Kind::Tuple)
          fail("OrderedDict of something that is not a list of pairs");
        for (std::size_t pair : source.items) {
          const Value p = pickle_.values[pair];
          if ((p.kind != Kind::Tuple && p.kind != Kind::List) || p.items.size() != 2)
            fail("OrderedDict of something that is not a list of pairs");
          addToDict(d, p.items);
        }
      }
      stack_.push_back(d);
      return;
    }
    if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") {
      if (a.items.size() < 4) fail(name + " with fewer than 4 arguments");
      const Value& storage = pickle_.values[a.items[0]];
      const Value& offset = pickle_.values[a.items[1]];
      if (storage.kind != Kind::Storage) fail("a tensor whose storage is no storage");
      if (offset.kind != Kind::Int) fail("a tensor whose offset is no integer");
      Value tensor;
      tensor.kind = Kind::Tensor;
      tensor.tensor = storage.tensor;
      tensor.tensor.offset = offset.integer;
      tensor.tensor.sizes = intTuple(a.items[2], "sizes");
      tensor.tensor.strides = intTuple(a.items[3], "strides");
      if (tensor.tensor.sizes.size() != tensor.tensor.strides.size())
        fail("a tensor with " + std::to_string(tensor.tensor.sizes.size()) + " sizes and " +
             std::to_string(tensor.tensor.strides.size()) + " strides");
      push(std::move(tensor));
      return;
    }
    if (name == "torch._utils._rebuild_parameter" ||
        name == "torch._utils._rebuild_parameter_with_state") {
      if (a.items.empty() || pickle_.values[a.items[0]].kind != Kind::Tensor)
        fail(name + " of something that is not a tensor");
      stack_.push_back(a.items[0]);
      return;
    }
    refuse("the file calls " + name + ", which builds no tensor");
  }

  void persistentId() {
    const Value pid = pickle_.values[pop()];
    // ('storage', storage type, key, location, number of elements)
    if (pid.kind != Kind::Tuple || pid.items.size() < 3 ||
        pickle_.values[pid.items[0]].kind != Kind::String ||
        pickle_.values[pid.items[0]].text != "storage")
      refuse("a persistent id that is not a tensor storage");
    const Value& type = pickle_.values[pid.items[1]];
    const Value& key = pickle_.values[pid.items[2]];
    if (type.kind != Kind::Global || key.kind != Kind::String)
      fail("a storage without a type or key");
    Value storage;
    storage.kind = Kind::Storage;
    storage.tensor.storageKey = key.text;
    bool known = false;
    for (const StorageType& s : kStorageTypes)
      if (type.text == s.name) {
        storage.tensor.type = s.type;
        known = true;
      }
    if (!known) fail("a storage of type " + type.text);
    push(std::move(storage));
  }

  void step(std::uint8_t op) {
    switch (op) {
      case op::PROTO: byte(); return;
      case op::FRAME: take(8); return;  // a length, only a hint
      case op::MARK: marks_.push_back(stack_.size()); return;
      case op::POP: pop(); return;
      case op::POP_MARK: popMark(); return;
      case op::DUP: stack_.push_back(top()); return;
      case op::NONE: push(Value{}); return;
      case op::NEWTRUE: push(integer(1, Kind::Bool)); return;
      case op::NEWFALSE: push(integer(0, Kind::Bool)); return;
      case op::BININT: push(integer(static_cast<std::int32_t>(unsignedLE(4)))); return;
      case op::BININT1: push(integer(static_cast<std::int64_t>(unsignedLE(1)))); return;
      case op::BININT2: push(integer(static_cast<std::int64_t>(unsignedLE(2)))); return;
      case op::LONG1: push(integer(longBytes(unsignedLE(1)))); return;
      case op::LONG4: push(integer(longBytes(unsignedLE(4)))); return;
      case op::INT:
      case op::LONG: {
        std::string digits = line();
        if (op == op::LONG && !digits.empty() && digits.back() == 'L') digits.pop_back();
        if (op == op::INT && (digits == "00" || digits == "01")) {
          push(integer(digits == "01", Kind::Bool));
          return;
        }
        const bool negative = !digits.empty() && digits[0] == '-';
        const std::string magnitude = negative ? digits.substr(1) : digits;
        if (magnitude.empty() || magnitude.size() > 18 ||
            magnitude.find_first_not_of("0123456789") != std::string::npos)
          fail("expected an integer, found '" + digits + "'");
        const auto value = static_cast<std::int64_t>(std::stoull(magnitude));
        push(integer(negative ? -value : value));
        return;
      }
      case op::BINFLOAT: {
        const std::uint64_t bits = __builtin_bswap64(unsignedLE(8));  // stored big-endian
        Value v;
        v.kind = Kind::Float;
        std::memcpy(&v.real, &bits, sizeof bits);
        push(std::move(v));
        return;
      }
      case op::FLOAT: {
        const std::string digits = line();
        Value v;
        v.kind = Kind::Float;
        char* end = nullptr;
        v.real = std::strtod(digits.c_str(), &end);
        if (digits.empty() || end != digits.c_str() + digits.size())
          fail("expected a number, found '" + digits + "'");
        push(std::move(v));
        return;
      }
      case op::BINUNICODE: push(text(bytesAsString(unsignedLE(4)), Kind::String)); return;
      case op::SHORT_BINUNICODE: push(text(bytesAsString(unsignedLE(1)), Kind::String)); return;
      case op::BINUNICODE8: push(text(bytesAsString(unsignedLE(8)), Kind::String)); return;
      case op::BINSTRING: push(text(bytesAsString(unsignedLE(4)), Kind::String)); return;
      case op::SHORT_BINSTRING: push(text(bytesAsString(unsignedLE(1)), Kind::String)); return;
      case op::BINBYTES: push(text(bytesAsString(unsignedLE(4)), Kind::Bytes)); return;
      case op::SHORT_BINBYTES: push(text(bytesAsString(unsignedLE(1)), Kind::Bytes)); return;
      case op::BINBYTES8: push(text(bytesAsString(unsignedLE(8)), Kind::Bytes)); return;
      case op::UNICODE: push(text(line(), Kind::String)); return;
      case op::EMPTY_TUPLE: push(sequence(Kind::Tuple, {})); return;
      case op::TUPLE: push(sequence(Kind::Tuple, popMark())); return;
      case op::TUPLE1:
      case op::TUPLE2:
      case op::TUPLE3: {
        const std::size_t count = op - op::TUPLE1 + 1u;
        std::vector<std::size_t> items(count);
        for (std::size_t i = count; i-- > 0;) items[i] = pop();
        push(sequence(Kind::Tuple, std::move(items)));
        return;
      }
      case op::EMPTY_LIST: push(sequence(Kind::List, {})); return;
      case op::LIST: push(sequence(Kind::List, popMark())); return;
      case op::APPEND: {
        const std::size_t item = pop();
        const std::size_t list = top();
        if (at(list).kind != Kind::List) fail("APPEND to something that is not a list");
        at(list).items.push_back(item);
        return;
      }
      case op::APPENDS: {
        const std::vector<std::size_t> items = popMark();
        const std::size_t list = top();
        if (at(list).kind != Kind::List) fail("APPENDS to something that is not a list");
        at(list).items.insert(at(list).items.end(), items.begin(), items.end());
        return;
      }
      case op::EMPTY_DICT: push(sequence(Kind::Dict, {})); return;
      case op::DICT: {
        const std::vector<std::size_t> pairs = popMark();
        const std::size_t dict = make(sequence(Kind::Dict, {}));
        addToDict(dict, pairs);
        stack_.push_back(dict);
        return;
      }
      case op::SETITEM: {
        const std::size_t value = pop(), key = pop();
        addToDict(top(), {key, value});
        return;
      }
      case op::SETITEMS: {
        const std::vector<std::size_t> pairs = popMark();
        addToDict(top(), pairs);
        return;
      }
      case op::GLOBAL: {
        const std::string module = line();
        const std::string name = line();
        global(module, name);
        return;
      }
      case op::STACK_GLOBAL: {
        const Value name = pickle_.values[pop()], module = pickle_.values[pop()];
        if (name.kind != Kind::String || module.kind != Kind::String)
          fail("STACK_GLOBAL without a module and name");
        global(module.text, name.text);
        return;
      }
      case op::REDUCE: reduce(); return;
      case op::BUILD: {
        pop();  // the state: an OrderedDict's _metadata, a tensor's hooks; not needed
        const Kind kind = at(top()).kind;
        if (kind != Kind::Dict && kind != Kind::Tensor)
          refuse("the file sets the state of an object that is not a dict or tensor");
        return;
      }
      case op::BINPERSID: persistentId(); return;
      case op::BINPUT: memoPut(unsignedLE(1)); return;
      case op::LONG_BINPUT: memoPut(unsignedLE(4)); return;
      case op::PUT: memoPut(decimal(line())); return;
      case op::MEMOIZE: memoPut(memo_.size()); return;
      case op::BINGET: memoGet(unsignedLE(1)); return;
      case op::LONG_BINGET: memoGet(unsignedLE(4)); return;
      case op::GET: memoGet(decimal(line())); return;
      case op::NEWOBJ: case op::NEWOBJ_EX: case op::INST: case op::OBJ:
        refuse("the file creates a Python object (NEWOBJ, INST or OBJ)");
      case op::PERSID: refuse("the file uses a text persistent id");
      case op::EXT1: case op::EXT2: case op::EXT4: refuse("the file uses the extension registry (EXT)");
      case op::EMPTY_SET: case op::ADDITEMS: case op::FROZENSET: refuse("the file holds a set");
      case op::BYTEARRAY8: case op::NEXT_BUFFER: case op::READONLY_BUFFER: refuse("the file holds out-of-band buffers");
      case op::STRING: refuse("the file holds a Python 2 quoted string");
      default: {
        static const char* hex = "0123456789abcdef";
        fail(std::string("unknown opcode 0x") + hex[op >> 4] + hex[op & 15]);
      }
    }
  }

  std::span<const std::uint8_t> data_;
  const std::filesystem::path& file_;
  std::size_t at_ = 0;
  Pickle pickle_;
  std::vector<std::size_t> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<std::uint64_t, std::size_t> memo_;
};

}  // namespace

Pickle unpickle(std::span<const std::uint8_t> data, const std::filesystem::path& file) {
  return Unpickler(data, file).run();
}

std::size_t elementSize(ElementType type) {
  switch (type) {
    case ElementType::Float64: case ElementType::Int64: return 8;
    case ElementType::Float32: case ElementType::Int32: return 4;
    case ElementType::Float16: case ElementType::BFloat16: case ElementType::Int16: return 2;
    case ElementType::Int8: case ElementType::UInt8: case ElementType::Bool: return 1;
  }
  return 1;
}

const char* toString(ElementType type) {
  switch (type) {
    case ElementType::Float32: return "float32";
    case ElementType::Float64: return "float64";
    case ElementType::Float16: return "float16";
    case ElementType::BFloat16: return "bfloat16";
    case ElementType::Int64: return "int64";
    case ElementType::Int32: return "int32";
    case ElementType::Int16: return "int16";
    case ElementType::Int8: return "int8";
    case ElementType::UInt8: return "uint8";
    case ElementType::Bool: return "bool";
  }
  return "?";
}

}  // namespace mnl::pickle
