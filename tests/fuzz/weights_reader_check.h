// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every weights-reader fuzz target checks of one input: the reader either refuses it with
// a WeightsError (the expected answer to a damaged file) or returns tensors that hold as many
// values as their shapes say (what the loader relies on next). Anything else — another
// exception, a crash, a hang, undefined behaviour — is a finding.

#include <cstddef>
#include <cstdint>

#include "mnl/weight_set.h"
#include "mnl/weights_error.h"

template <class Read>
void checkWeightsReader(Read read) {
  try {
    const mnl::WeightSet set = read();
    for (const auto& [name, tensor] : set.tensors) {
      std::size_t count = 1;
      for (std::int64_t side : tensor.shape) count *= static_cast<std::size_t>(side);
      if (count != tensor.values.size()) __builtin_trap();
    }
  } catch (const mnl::WeightsError&) {
  }
}
