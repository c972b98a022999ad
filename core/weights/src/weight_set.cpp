// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/weight_set.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "mnl/weights_error.h"
#include "zip_archive.h"

namespace mnl {
namespace {

constexpr std::array<std::uint8_t, 8> kHdf5Signature{0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

bool startsWith(const std::vector<std::uint8_t>& bytes, std::size_t at, const void* what,
                std::size_t size) {
  return bytes.size() >= at + size && std::memcmp(bytes.data() + at, what, size) == 0;
}

// What a file that is no weights file looks like, for the message.
std::string describeForeign(const std::vector<std::uint8_t>& head, std::uintmax_t size) {
  if (size == 0) return "an empty file";
  if (startsWith(head, 0, "\x89PNG", 4)) return "a PNG image";
  if (startsWith(head, 0, "\xff\xd8\xff", 3)) return "a JPEG image";
  if (startsWith(head, 0, "BM", 2)) return "a BMP image";
  const bool text = std::all_of(head.begin(), head.end(), [](std::uint8_t c) {
    return std::isprint(c) || std::isspace(c) || c >= 0x80;
  });
  if (text) return "a text file";
  std::ostringstream hex;
  hex << "unrecognised content (first bytes";
  for (std::size_t i = 0; i < std::min<std::size_t>(head.size(), 8); ++i)
    hex << ' ' << "0123456789abcdef"[head[i] >> 4] << "0123456789abcdef"[head[i] & 15];
  hex << ')';
  return hex.str();
}

// A zip archive is either this project's format (a LibTorch archive of a module: constants.pkl
// and code/) or a torch.save checkpoint (data.pkl and the storages alone).
WeightsFormat zipFormat(const std::filesystem::path& file) {
  const std::vector<std::uint8_t> bytes = readFileBytes(file);
  std::vector<std::string> names;
  try {
    names = ZipArchive(bytes, file).names();
  } catch (const WeightsError& e) {
    const std::string reason = e.what();
    throw WeightsError(quoted(file) + ": corrupted or truncated MobileNet Lab weights archive or "
                       "PyTorch checkpoint (a zip archive that cannot be read: " +
                       reason.substr(std::min(reason.size(), quoted(file).size() + 2)) + ")");
  }
  bool pickle = false;
  for (const std::string& name : names) {
    if (name.ends_with("/constants.pkl") || name.find("/code/") != std::string::npos)
      return WeightsFormat::Native;
    pickle = pickle || name.ends_with("data.pkl");
  }
  if (pickle) return WeightsFormat::PyTorch;
  throw WeightsError(quoted(file) + ": not a weights file: a zip archive that is neither a "
                     "MobileNet Lab weights archive nor a PyTorch checkpoint (no data.pkl)");
}

}  // namespace

const char* toString(WeightsFormat format) {
  switch (format) {
    case WeightsFormat::TfLite: return "TFLite";
    case WeightsFormat::KerasH5: return "Keras .h5";
    case WeightsFormat::Native: return "MobileNet Lab";
    case WeightsFormat::PyTorch: return "PyTorch checkpoint";
    case WeightsFormat::Safetensors: return "safetensors";
  }
  return "?";
}

std::string quoted(const std::filesystem::path& file) {
  // Appended piece by piece: GCC 12 warns (-Wrestrict, falsely) about "'" + std::string.
  std::string text(1, '\'');
  text.append(file.string()).push_back('\'');
  return text;
}

std::string describeShape(const std::vector<std::int64_t>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

std::map<std::string, std::vector<std::int64_t>> expectedTensorShapes(
    const NetworkConfig& network) {
  std::map<std::string, std::vector<std::int64_t>> shapes;
  for (const LayerSpec& layer : buildLayers(network)) {
    const std::int64_t out = layer.output.channels;
    if (layer.type == LayerType::Pool) continue;
    if (layer.type == LayerType::FullyConnected) {
      shapes["classifier.weight"] = {out, layer.input.channels};
      shapes["classifier.bias"] = {out};
      continue;
    }
    const std::string prefix = "features." + layer.name + ".";
    const std::int64_t inPerGroup =
        layer.type == LayerType::Depthwise ? 1 : std::int64_t{layer.input.channels};
    shapes[prefix + "conv.weight"] = {out, inPerGroup, layer.kernel, layer.kernel};
    for (const char* name : {"bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"})
      shapes[prefix + name] = {out};
  }
  return shapes;
}

std::vector<std::uint8_t> readFileBytes(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error))
    throw WeightsError(quoted(file) + ": no such weights file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw WeightsError(quoted(file) + ": cannot be opened for reading");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  if (in.bad()) throw WeightsError(quoted(file) + ": read error");
  return bytes;
}

WeightsFormat detectWeightsFormat(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error))
    throw WeightsError(quoted(file) + ": no such weights file");
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  std::ifstream in(file, std::ios::binary);
  if (!in || error) throw WeightsError(quoted(file) + ": cannot be opened for reading");
  std::vector<std::uint8_t> head(64);  // TFL3, PK, or a safetensors length and '{' 
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));

  if (startsWith(head, 4, "TFL3", 4)) return WeightsFormat::TfLite;
  if (startsWith(head, 0, "PK\x03\x04", 4)) return zipFormat(file);
  if (head.size() >= 10 && head[8] == '{') {
    // safetensors: a little-endian header length that fits the file, then the JSON header.
    std::uint64_t length = 0;
    for (int i = 7; i >= 0; --i) length = (length << 8) | head[static_cast<std::size_t>(i)];
    if (length >= 2 && length <= size - 8) return WeightsFormat::Safetensors;
  }
  // HDF5 puts its signature at 0, or after a user block at 512, 1024, 2048…
  for (std::uintmax_t at = 0; at + kHdf5Signature.size() <= size; at = at ? at * 2 : 512) {
    std::array<std::uint8_t, 8> signature{};
    in.clear();
    in.seekg(static_cast<std::streamoff>(at));
    in.read(reinterpret_cast<char*>(signature.data()), signature.size());
    if (in.gcount() == 8 && signature == kHdf5Signature) return WeightsFormat::KerasH5;
  }
  if (head.size() >= 2 && head[0] == 0x80 && head[1] <= 5)
    throw WeightsError(quoted(file) + ": a bare pickle, as torch.save wrote before PyTorch 1.6 "
                       "(or with _use_new_zipfile_serialization=False): expected the zip "
                       "checkpoint that torch.save writes by default; load and save it again");
  throw WeightsError(quoted(file) +
                     ": not a weights file: expected a TFLite model (identifier TFL3), a Keras "
                     "HDF5 file, a MobileNet Lab weights archive, a PyTorch checkpoint or a "
                     "safetensors file, found " +
                     describeForeign(head, size));
}

double alphaFromLastChannels(const std::filesystem::path& file, std::int64_t channels) {
  const double alpha = static_cast<double>(channels) / 1024.0;
  if (channels < 8 || channels > (1 << 20) || scaledChannels(alpha, 1024) != channels)
    throw WeightsError(quoted(file) + ": not a MobileNet v1: the last pointwise layer has " +
                       std::to_string(channels) + " output channels, which is no 1024·α");
  return alpha;
}

void checkShape(const std::filesystem::path& file, const std::string& what,
                const std::vector<std::int64_t>& expected, const std::vector<std::int64_t>& found) {
  if (expected != found)
    throw WeightsError(quoted(file) + ": " + what + ": expected shape " + describeShape(expected) +
                       ", found " + describeShape(found));
}

}  // namespace mnl
