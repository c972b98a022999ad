// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A teaching project on disk, so that the examples a person recorded are never only in
// memory: a folder holding every example as an image file (examples/, PNG for recorded frames,
// imported files copied as they are) and a JSON manifest (project.json) naming the classes,
// each example's file and class, the backbone, the held-out share and seed (the split is a
// function of them, holdout_split.h) and the head. Example files are written first, each whole
// (atomic_file.h), under names never reused; the manifest last, whole: a kill or a full disk
// at any moment leaves the previous project readable. Embeddings are a cache, never saved: a
// re-opened project is embedded again. No torch and no Qt here.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "mnl/frame.h"
#include "mnl/teach/embedder.h"

namespace mnl::teach {

inline constexpr const char* kProjectFormat = "mobilenet-lab teach project";
inline constexpr int kProjectFormatVersion = 1;
inline constexpr const char* kProjectManifest = "project.json";

struct ProjectExample {
  int label = 0;
  std::shared_ptr<const Frame> frame;  // a recorded frame not saved yet, or
  std::filesystem::path file;          // an image file (absolute, or inside the project)
};

struct TeachProject {
  std::vector<std::string> classes;
  std::vector<ProjectExample> examples;
  BackboneRequest backbone;  // α, resolution, the user's weights file if any
  double holdout = 0.15;
  std::uint64_t seed = 1;
  std::string head = "linear";
};

// Writes `project` into `folder` (made if missing). Every example ends up a file of the
// project: a recorded frame is written as PNG, a file outside the project copied in. Returns
// the project as saved: every example's `file` set inside the folder, frames dropped (the file
// holds them now). Throws std::runtime_error naming the file that could not be written.
TeachProject saveTeachProject(const std::filesystem::path& folder, const TeachProject& project);

struct OpenedProject {
  TeachProject project;               // example files absolute
  std::vector<std::string> problems;  // one line per example whose file is gone
};

// Reads a project folder. Throws std::runtime_error naming the manifest when it is missing,
// not JSON, of another format or version, or inconsistent (a class index outside the classes,
// a file outside the folder); examples whose files are missing are left out and said.
OpenedProject openTeachProject(const std::filesystem::path& folder);

}  // namespace mnl::teach
