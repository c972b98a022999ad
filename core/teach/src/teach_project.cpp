// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/teach/teach_project.h"

#include <nlohmann/json.hpp>
#include <opencv2/core/mat.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "mnl/atomic_file.h"

namespace mnl::teach {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kExamplesDir = "examples";

std::runtime_error fileError(const fs::path& file, const std::string& what) {
  return std::runtime_error("'" + file.string() + "': " + what);
}

std::string readAll(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw fileError(file, "cannot be read");
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeWhole(const fs::path& file, std::string_view bytes) {
  try {
    writeFileAtomically(file, bytes);
  } catch (const std::system_error& e) {
    throw fileError(file, e.code().message());
  }
}

// Whether `file` lies inside `folder` (both made absolute and normal first).
bool inside(const fs::path& folder, const fs::path& file) {
  const fs::path relative = fs::weakly_canonical(file).lexically_relative(fs::weakly_canonical(folder));
  return !relative.empty() && *relative.begin() != "..";
}

// A name not used in the folder yet: examples are never overwritten, so that the manifest on
// disk always names files that are whole.
fs::path freshName(const fs::path& dir, const std::string& extension, std::mt19937_64& random) {
  for (;;) {
    std::ostringstream name;
    name << std::hex << random() << extension;
    fs::path candidate = dir / name.str();
    if (!fs::exists(candidate)) return candidate;
  }
}

}  // namespace

TeachProject saveTeachProject(const fs::path& folder, const TeachProject& project) {
  std::error_code error;
  // The files the project on disk names now: the only ones a save may delete afterwards. A
  // folder with other things in it and no project of its own is refused, never written into.
  std::vector<fs::path> before;
  if (fs::exists(folder / kProjectManifest, error)) {
    for (const ProjectExample& e : openTeachProject(folder).project.examples)
      before.push_back(fs::weakly_canonical(e.file));
  } else if (fs::exists(folder, error) && !fs::is_empty(folder, error)) {
    throw fileError(folder, "not empty and not a teaching project: choose an empty folder, or "
                            "a project to save over");
  }
  fs::create_directories(folder / kExamplesDir, error);
  if (error) throw fileError(folder, error.message());
  std::mt19937_64 random(std::random_device{}());
  TeachProject saved = project;
  json examples = json::array();
  for (ProjectExample& example : saved.examples) {
    if (example.label < 0 || example.label >= static_cast<int>(project.classes.size()))
      throw std::runtime_error("an example's class is not one of the project's classes");
    if (example.frame) {
      const Frame& frame = *example.frame;
      const cv::Mat bgr(frame.height, frame.width, CV_8UC3,
                        const_cast<std::uint8_t*>(frame.bgr->data()));
      std::vector<std::uint8_t> png;
      if (!cv::imencode(".png", bgr, png)) throw std::runtime_error("a recorded frame could not be encoded");
      example.file = freshName(folder / kExamplesDir, ".png", random);
      writeWhole(example.file, {reinterpret_cast<const char*>(png.data()), png.size()});
      example.frame.reset();
    } else if (!inside(folder, example.file)) {
      const fs::path copy = freshName(folder / kExamplesDir, example.file.extension().string(), random);
      writeWhole(copy, readAll(example.file));
      example.file = copy;
    }
    examples.push_back({{"file", fs::weakly_canonical(example.file)
                                     .lexically_relative(fs::weakly_canonical(folder))
                                     .generic_string()},
                        {"class", example.label}});
  }
  const json manifest{{"format", kProjectFormat},
                      {"version", kProjectFormatVersion},
                      {"classes", project.classes},
                      {"examples", examples},
                      {"backbone",
                       {{"alpha", project.backbone.network.alpha},
                        {"resolution", project.backbone.network.resolution},
                        {"weights", project.backbone.weightsFile.string()}}},
                      {"holdout", project.holdout},
                      {"seed", project.seed},
                      {"head", project.head}};
  writeWhole(folder / kProjectManifest, manifest.dump(2) + "\n");
  // Only now, with the new manifest in place, the files of examples removed since go: until
  // then the old manifest named them.
  std::vector<fs::path> kept;
  for (const ProjectExample& example : saved.examples)
    kept.push_back(fs::weakly_canonical(example.file));
  for (const fs::path& file : before)
    if (std::find(kept.begin(), kept.end(), file) == kept.end()) fs::remove(file, error);
  return saved;
}

OpenedProject openTeachProject(const fs::path& folder) {
  const fs::path manifestFile = folder / kProjectManifest;
  std::error_code error;
  if (!fs::is_regular_file(manifestFile, error))
    throw fileError(folder, std::string("no ") + kProjectManifest + ": not a teaching project");
  const json manifest = json::parse(readAll(manifestFile), nullptr, false);
  const auto invalid = [&manifestFile](const std::string& what) {
    return fileError(manifestFile, what);
  };
  if (manifest.is_discarded() || !manifest.is_object()) throw invalid("not JSON");
  const json format = manifest.value("format", json());
  if (!format.is_string() || format.get<std::string>() != kProjectFormat)
    throw invalid("not a MobileNet Lab teaching project");
  const json version = manifest.value("version", json());
  if (!version.is_number_integer() || version.get<int>() != kProjectFormatVersion)
    throw invalid("format version " + version.dump() + ", this build reads " +
                  std::to_string(kProjectFormatVersion));
  OpenedProject opened;
  TeachProject& project = opened.project;
  try {
    project.classes = manifest.at("classes").get<std::vector<std::string>>();
    const json& backbone = manifest.at("backbone");
    project.backbone.network.alpha = backbone.at("alpha").get<double>();
    project.backbone.network.resolution = backbone.at("resolution").get<int>();
    project.backbone.weightsFile = backbone.value("weights", std::string());
    project.holdout = manifest.at("holdout").get<double>();
    project.seed = manifest.at("seed").get<std::uint64_t>();
    project.head = manifest.value("head", std::string("linear"));
    for (const json& example : manifest.at("examples")) {
      const int label = example.at("class").get<int>();
      if (label < 0 || label >= static_cast<int>(project.classes.size()))
        throw invalid("an example of class " + std::to_string(label) + ", which it does not have");
      const fs::path file = folder / fs::path(example.at("file").get<std::string>());
      if (!inside(folder, file)) throw invalid("an example outside the project: " + file.string());
      if (!fs::is_regular_file(file, error)) {
        opened.problems.push_back("'" + file.string() + "': missing, left out");
        continue;
      }
      project.examples.push_back({label, nullptr, file});
    }
  } catch (const json::exception& e) {
    throw invalid(std::string("a field is missing or of the wrong kind (") + e.what() + ")");
  }
  return opened;
}

}  // namespace mnl::teach
