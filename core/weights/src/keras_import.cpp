// SPDX-License-Identifier: GPL-3.0-or-later
// readKerasH5: a Keras MobileNet v1 (.h5) read by the helper program
// mobilenet-lab-keras-h5-reader (core/weights/tools/), which runs the HDF5 reader
// (keras_hdf5_reader.cpp) and writes the weights to its standard output.
//
// Why another process: HDF5 1.10 can crash (SIGSEGV) on a file with damaged metadata, whatever
// its error handling says, and a damaged .h5 must give an error, never take the app down. Why
// not fork: the app is threaded (Qt, OpenMP, CUDA), and after a fork there only
// async-signal-safe calls are safe, which HDF5 and malloc are not. So the helper is a program
// of its own, started with posix_spawn; its crash, hang, failure or garbage becomes a
// WeightsError naming the file. Built only with HDF5 (MNL_WITH_HDF5); without it the reader
// says so.
#include "mnl/weight_set.h"
#include "mnl/weights_error.h"

#ifdef MNL_WITH_HDF5

#include <cstring>

#include "child_process.h"
#include "helper_program.h"
#include "keras_reader_protocol.h"

#ifndef MNL_KERAS_H5_READER_BUILD_PATH
#define MNL_KERAS_H5_READER_BUILD_PATH ""
#endif

namespace mnl {
namespace {

constexpr const char* kReaderName = "mobilenet-lab-keras-h5-reader";
constexpr const char* kReaderVariable = "MNL_KERAS_H5_READER";
// The bundled model takes a fraction of a second; a damaged file could send HDF5 round in
// circles.
constexpr std::chrono::seconds kTimeLimit{60};
// Far above the largest MobileNet v1 (α 1, 1001 classes: about 17 MB of floats); a reader
// that writes more than this is not answering.
constexpr std::size_t kOutputLimit = std::size_t{1} << 30;

std::string corrupted(const std::filesystem::path& file, const std::string& what) {
  return quoted(file) + ": corrupted HDF5 file: " + what;
}

}  // namespace

WeightSet readKerasH5(const std::filesystem::path& file) {
  const HelperSearch search =
      findHelperProgram(kReaderName, kReaderVariable, MNL_KERAS_H5_READER_BUILD_PATH);
  if (!search.found) {
    std::string places;
    for (const std::filesystem::path& place : search.tried)
      places += (places.empty() ? "" : ", ") + place.string();
    throw WeightsError(quoted(file) + ": cannot read a Keras HDF5 file: its reader program " +
                       kReaderName + " is missing (looked for " + places + "; $" +
                       kReaderVariable + " names another)");
  }
  const ChildOutcome run = runAndCapture(*search.found, {file.string()}, kTimeLimit, kOutputLimit);
  switch (run.end) {
    case ChildOutcome::End::NotStarted:
      throw WeightsError(quoted(file) + ": cannot start the Keras reader " +
                         search.found->string() + " (" + std::strerror(run.code) + ")");
    case ChildOutcome::End::Signalled:
      throw WeightsError(corrupted(file, "the HDF5 library failed reading it (" +
                                             std::string(strsignal(run.code)) + ")"));
    case ChildOutcome::End::TimedOut:
      throw WeightsError(corrupted(file, "reading it did not finish"));
    case ChildOutcome::End::TooMuchOutput:
      throw WeightsError(corrupted(file, "reading it failed (endless output)"));
    case ChildOutcome::End::Exited:
      if (run.code != 0)
        throw WeightsError(corrupted(
            file, "reading it failed (the reader exited with status " + std::to_string(run.code) +
                      ")"));
      break;
  }
  try {
    return decodeKerasReaderAnswer(run.output);
  } catch (const MalformedKerasReaderAnswer& e) {
    throw WeightsError(corrupted(file, std::string("reading it failed (") + e.what() + ")"));
  }
}

}  // namespace mnl

#else  // no HDF5

namespace mnl {

WeightSet readKerasH5(const std::filesystem::path& file) {
  throw WeightsError(quoted(file) +
                     ": a Keras HDF5 file, but this build of MobileNet Lab has no HDF5 support");
}

}  // namespace mnl

#endif
