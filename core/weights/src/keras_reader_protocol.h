// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the helper program mobilenet-lab-keras-h5-reader writes to its standard output and the
// app reads back (keras_import.cpp): either the WeightSet it read, or the WeightsError message
// it got. Both ends are built from this file, so the layout is private to the project: a magic
// tag and version, a status byte ('W' weights, 'E' error), then plain native-endian fields.
// The decoder trusts nothing: whatever a dying or foreign program printed is refused there.

#include <stdexcept>
#include <string>
#include <string_view>

#include "mnl/weight_set.h"

namespace mnl {

std::string encodeKerasReaderWeights(const WeightSet& weights);
std::string encodeKerasReaderError(const std::string& message);

// A helper's output that is not a whole, consistent answer.
class MalformedKerasReaderAnswer : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The weights of a 'W' answer; throws WeightsError with the helper's message for an 'E' answer,
// MalformedKerasReaderAnswer for anything else.
WeightSet decodeKerasReaderAnswer(std::string_view answer);

}  // namespace mnl
