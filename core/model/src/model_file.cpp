// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/model_file.h"

#include <system_error>

#include "mnl/atomic_file.h"
#include "mnl/native_weights.h"
#include "mnl/notebook_export.h"
#include "mnl/tflite_export.h"
#include "mnl/weights_error.h"

namespace mnl {

std::string modelFileKind(const std::filesystem::path& file) {
  if (file.extension() == ".tflite") return "TFLite";
  if (file.extension() == ".pth") return "the notebook's state dict";
  return "MobileNet Lab";
}

std::filesystem::path labelsFileBeside(const std::filesystem::path& file) {
  std::filesystem::path labels = file;
  labels.replace_extension(".labels.txt");
  return labels;
}

namespace {

void writeLabels(const std::filesystem::path& file, const std::vector<std::string>& labels) {
  std::string text;
  for (const std::string& label : labels) text += label + "\n";
  try {
    writeFileAtomically(labelsFileBeside(file), text);
  } catch (const std::system_error& e) {
    throw WeightsError(quoted(labelsFileBeside(file)) + ": " + e.code().message());
  }
}

}  // namespace

void saveModelFile(const MobileNetV1& model, const std::filesystem::path& file,
                   const InputScaling& scaling, const std::vector<std::string>& labels) {
  if (file.extension() == ".tflite") {
    writeTfLite(weightSetOf(model, scaling, labels), file);
  } else if (file.extension() == ".pth") {
    saveNotebookStateDict(model, file);
  } else {
    MobileNetV1 writable = model;  // saveWeights takes the holder by reference
    saveWeights(writable, file, scaling, labels);
  }
  writeLabels(file, labels);
}

}  // namespace mnl
