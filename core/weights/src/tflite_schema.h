// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The few tables of the TFLite schema (tensorflow/lite/schema/schema.fbs, version 3) that the
// importer reads, written by hand on FlatBuffers' low-level API: no flatc-generated code. A
// field's vtable slot is 4 + 2·(its index in the schema). Each table's Verify() checks exactly
// the fields its accessors read, so a file that passes flatbuffers::Verifier can be walked
// without reading outside the buffer (indices between tables are still checked by the caller).

#include <flatbuffers/flatbuffers.h>

#include <algorithm>
#include <cstdint>

namespace mnl::tflite {

using flatbuffers::Offset;
using flatbuffers::Vector;
using flatbuffers::Verifier;

// TensorType
enum : std::int8_t { kFloat32 = 0, kInt32 = 2, kUInt8 = 3, kInt8 = 9 };
// BuiltinOperator
enum : std::int32_t {
  kAveragePool2D = 1,
  kConv2D = 3,
  kDepthwiseConv2D = 4,
  kDequantize = 6,
  kReshape = 22,
  kSoftmax = 25,
  kSqueeze = 43,
  kQuantize = 114,
};
// BuiltinOptions union members
enum : std::uint8_t { kConv2DOptions = 1, kDepthwiseConv2DOptions = 2 };
// Padding
enum : std::int8_t { kSame = 0, kValid = 1 };
// ActivationFunctionType
enum : std::int8_t { kNoActivation = 0, kRelu6 = 3 };

struct QuantizationParameters : private flatbuffers::Table {
  enum : flatbuffers::voffset_t { kScale = 8, kZeroPoint = 10, kQuantizedDimension = 16 };
  const Vector<float>* scale() const { return GetPointer<const Vector<float>*>(kScale); }
  const Vector<std::int64_t>* zeroPoint() const {
    return GetPointer<const Vector<std::int64_t>*>(kZeroPoint);
  }
  std::int32_t quantizedDimension() const { return GetField<std::int32_t>(kQuantizedDimension, 0); }
  bool Verify(Verifier& v) const {
    return VerifyTableStart(v) && VerifyOffset(v, kScale) && v.VerifyVector(scale()) &&
           VerifyOffset(v, kZeroPoint) && v.VerifyVector(zeroPoint()) &&
           VerifyField<std::int32_t>(v, kQuantizedDimension, 4) && v.EndTable();
  }
};

struct Tensor : private flatbuffers::Table {
  enum : flatbuffers::voffset_t { kShape = 4, kType = 6, kBuffer = 8, kName = 10, kQuant = 12 };
  const Vector<std::int32_t>* shape() const {
    return GetPointer<const Vector<std::int32_t>*>(kShape);
  }
  std::int8_t type() const { return GetField<std::int8_t>(kType, kFloat32); }
  std::uint32_t buffer() const { return GetField<std::uint32_t>(kBuffer, 0); }
  const flatbuffers::String* name() const {
    return GetPointer<const flatbuffers::String*>(kName);
  }
  const QuantizationParameters* quantization() const {
    return GetPointer<const QuantizationParameters*>(kQuant);
  }
  bool Verify(Verifier& v) const {
    return VerifyTableStart(v) && VerifyOffset(v, kShape) && v.VerifyVector(shape()) &&
           VerifyField<std::int8_t>(v, kType, 1) && VerifyField<std::uint32_t>(v, kBuffer, 4) &&
           VerifyOffset(v, kName) && v.VerifyString(name()) && VerifyOffset(v, kQuant) &&
           v.VerifyTable(quantization()) && v.EndTable();
  }
};

struct Buffer : private flatbuffers::Table {
  enum : flatbuffers::voffset_t { kData = 4 };
  const Vector<std::uint8_t>* data() const {
    return GetPointer<const Vector<std::uint8_t>*>(kData);
  }
  bool Verify(Verifier& v) const {
    return VerifyTableStart(v) && VerifyOffset(v, kData) && v.VerifyVector(data()) &&
           v.EndTable();
  }
};

// Conv2DOptions and DepthwiseConv2DOptions share padding (field 0), stride_w (1) and stride_h
// (2); the fused activation is field 3 of the first and field 4 of the second, after
// depth_multiplier.
template <bool Depthwise>
struct ConvOptionsTable : private flatbuffers::Table {
  enum : flatbuffers::voffset_t {
    kPadding = 4,
    kStrideW = 6,
    kStrideH = 8,
    kDepthMultiplier = 10,  // depthwise only
    kActivation = Depthwise ? 12 : 10,
  };
  std::int8_t padding() const { return GetField<std::int8_t>(kPadding, kSame); }
  std::int32_t strideW() const { return GetField<std::int32_t>(kStrideW, 0); }
  std::int32_t strideH() const { return GetField<std::int32_t>(kStrideH, 0); }
  std::int8_t activation() const { return GetField<std::int8_t>(kActivation, kNoActivation); }
  bool Verify(Verifier& v) const {
    return VerifyTableStart(v) && VerifyField<std::int8_t>(v, kPadding, 1) &&
           VerifyField<std::int32_t>(v, kStrideW, 4) && VerifyField<std::int32_t>(v, kStrideH, 4) &&
           (!Depthwise || VerifyField<std::int32_t>(v, kDepthMultiplier, 4)) &&
           VerifyField<std::int8_t>(v, kActivation, 1) && v.EndTable();
  }
};
using Conv2DOptions = ConvOptionsTable<false>;
using DepthwiseConv2DOptions = ConvOptionsTable<true>;

// Any other options table: only its vtable is checked, since none of its fields are read.
struct OpaqueTable : private flatbuffers::Table {
  bool Verify(Verifier& v) const { return VerifyTableStart(v) && v.EndTable(); }
};

struct Operator : private flatbuffers::Table {
  enum : flatbuffers::voffset_t {
    kOpcodeIndex = 4,
    kInputs = 6,
    kOutputs = 8,
    kOptionsType = 10,
    kOptions = 12,
  };
  std::uint32_t opcodeIndex() const { return GetField<std::uint32_t>(kOpcodeIndex, 0); }
  const Vector<std::int32_t>* inputs() const {
    return GetPointer<const Vector<std::int32_t>*>(kInputs);
  }
  const Vector<std::int32_t>* outputs() const {
    return GetPointer<const Vector<std::int32_t>*>(kOutputs);
  }
  std::uint8_t optionsType() const { return GetField<std::uint8_t>(kOptionsType, 0); }
  const Conv2DOptions* conv2DOptions() const {
    return optionsType() == kConv2DOptions ? GetPointer<const Conv2DOptions*>(kOptions) : nullptr;
  }
  const DepthwiseConv2DOptions* depthwiseOptions() const {
    return optionsType() == kDepthwiseConv2DOptions
               ? GetPointer<const DepthwiseConv2DOptions*>(kOptions)
               : nullptr;
  }
  bool Verify(Verifier& v) const {
    if (!(VerifyTableStart(v) && VerifyField<std::uint32_t>(v, kOpcodeIndex, 4) &&
          VerifyOffset(v, kInputs) && v.VerifyVector(inputs()) && VerifyOffset(v, kOutputs) &&
          v.VerifyVector(outputs()) && VerifyField<std::uint8_t>(v, kOptionsType, 1) &&
          VerifyOffset(v, kOptions)))
      return false;
    bool options = true;
    switch (optionsType()) {
      case kConv2DOptions: options = v.VerifyTable(conv2DOptions()); break;
      case kDepthwiseConv2DOptions: options = v.VerifyTable(depthwiseOptions()); break;
      default: options = v.VerifyTable(GetPointer<const OpaqueTable*>(kOptions)); break;
    }
    return options && v.EndTable();
  }
};

struct OperatorCode : private flatbuffers::Table {
  enum : flatbuffers::voffset_t { kDeprecatedBuiltinCode = 4, kBuiltinCode = 10 };
  // Schema 3 moved the operator code from an int8 to an int32 field; files write both, and
  // the larger is the real one (what TFLite's own GetBuiltinCode does).
  std::int32_t builtinCode() const {
    return std::max<std::int32_t>(GetField<std::int8_t>(kDeprecatedBuiltinCode, 0),
                                  GetField<std::int32_t>(kBuiltinCode, 0));
  }
  bool Verify(Verifier& v) const {
    return VerifyTableStart(v) && VerifyField<std::int8_t>(v, kDeprecatedBuiltinCode, 1) &&
           VerifyField<std::int32_t>(v, kBuiltinCode, 4) && v.EndTable();
  }
};

struct SubGraph : private flatbuffers::Table {
  enum : flatbuffers::voffset_t { kTensors = 4, kInputs = 6, kOutputs = 8, kOperators = 10 };
  const Vector<Offset<Tensor>>* tensors() const {
    return GetPointer<const Vector<Offset<Tensor>>*>(kTensors);
  }
  const Vector<std::int32_t>* inputs() const {
    return GetPointer<const Vector<std::int32_t>*>(kInputs);
  }
  const Vector<std::int32_t>* outputs() const {
    return GetPointer<const Vector<std::int32_t>*>(kOutputs);
  }
  const Vector<Offset<Operator>>* operators() const {
    return GetPointer<const Vector<Offset<Operator>>*>(kOperators);
  }
  bool Verify(Verifier& v) const {
    return VerifyTableStart(v) && VerifyOffset(v, kTensors) && v.VerifyVector(tensors()) &&
           v.VerifyVectorOfTables(tensors()) && VerifyOffset(v, kInputs) &&
           v.VerifyVector(inputs()) && VerifyOffset(v, kOutputs) && v.VerifyVector(outputs()) &&
           VerifyOffset(v, kOperators) && v.VerifyVector(operators()) &&
           v.VerifyVectorOfTables(operators()) && v.EndTable();
  }
};

struct Model : private flatbuffers::Table {
  enum : flatbuffers::voffset_t {
    kVersion = 4,
    kOperatorCodes = 6,
    kSubgraphs = 8,
    kBuffers = 12,
  };
  std::uint32_t version() const { return GetField<std::uint32_t>(kVersion, 0); }
  const Vector<Offset<OperatorCode>>* operatorCodes() const {
    return GetPointer<const Vector<Offset<OperatorCode>>*>(kOperatorCodes);
  }
  const Vector<Offset<SubGraph>>* subgraphs() const {
    return GetPointer<const Vector<Offset<SubGraph>>*>(kSubgraphs);
  }
  const Vector<Offset<Buffer>>* buffers() const {
    return GetPointer<const Vector<Offset<Buffer>>*>(kBuffers);
  }
  bool Verify(Verifier& v) const {
    return VerifyTableStart(v) && VerifyField<std::uint32_t>(v, kVersion, 4) &&
           VerifyOffset(v, kOperatorCodes) && v.VerifyVector(operatorCodes()) &&
           v.VerifyVectorOfTables(operatorCodes()) && VerifyOffset(v, kSubgraphs) &&
           v.VerifyVector(subgraphs()) && v.VerifyVectorOfTables(subgraphs()) &&
           VerifyOffset(v, kBuffers) && v.VerifyVector(buffers()) &&
           v.VerifyVectorOfTables(buffers()) && v.EndTable();
  }
};

}  // namespace mnl::tflite
