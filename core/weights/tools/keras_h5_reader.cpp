// SPDX-License-Identifier: GPL-3.0-or-later
// mobilenet-lab-keras-h5-reader FILE.h5: reads a Keras MobileNet v1 with HDF5 and writes the
// answer (the weights, or the error message) to standard output in the format of
// core/weights/src/keras_reader_protocol.h. Not for people: core's readKerasH5 starts it, so that HDF5
// crashing on a damaged file ends this process and not the app (core/weights/src/keras_import.cpp).
// Exit status 0 whenever it wrote an answer, a refusal included.
#include <cstdio>
#include <exception>
#include <string>

#include "keras_hdf5_reader.h"
#include "keras_reader_protocol.h"
#include "mnl/weights_error.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr,
                 "usage: %s FILE.h5\nReads a Keras MobileNet v1 for MobileNet Lab, which starts "
                 "this program itself; its output is binary.\n",
                 argc > 0 ? argv[0] : "mobilenet-lab-keras-h5-reader");
    return 2;
  }
  const std::filesystem::path file = argv[1];
  std::string answer;
  try {
    answer = mnl::encodeKerasReaderWeights(mnl::readKerasH5InThisProcess(file));
  } catch (const mnl::WeightsError& e) {
    answer = mnl::encodeKerasReaderError(e.what());
  } catch (const std::exception& e) {  // std::bad_alloc on a file that asks for too much
    answer = mnl::encodeKerasReaderError(mnl::quoted(file) + ": cannot read it (" + e.what() + ")");
  }
  if (std::fwrite(answer.data(), 1, answer.size(), stdout) != answer.size() ||
      std::fflush(stdout) != 0)
    return 3;
  return 0;
}
