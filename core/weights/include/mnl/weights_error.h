// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one exception every weights importer and the model loader throw for a file they cannot
// use: wrong, truncated, corrupted or foreign. The message names the file and says what did
// not match (expected vs found), so the CLI and the UI can show it as it is.
// No torch and no Qt here.

#include <stdexcept>
#include <string>

namespace mnl {

class WeightsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mnl
