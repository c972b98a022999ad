// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/media/source_spec.h"

namespace mnl {
namespace {

constexpr std::string_view kDevicePrefix = "/dev/video";

// 1 to 4 decimal digits and nothing else, as a number.
std::optional<int> digits(std::string_view text) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::optional<int> cameraIndex(std::string_view spec) {
  if (spec.starts_with(kDevicePrefix)) return digits(spec.substr(kDevicePrefix.size()));
  return digits(spec);
}

bool isCameraSpec(std::string_view spec) {
  return digits(spec).has_value() || spec.starts_with(kDevicePrefix);
}

}  // namespace mnl
