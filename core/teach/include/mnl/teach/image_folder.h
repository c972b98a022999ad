// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A folder of examples in the usual layout, one sub-folder per class, as torchvision's
// datasets.ImageFolder reads it: classes are the sub-folders' names in sorted (byte) order, so
// class i here is class i there; each class holds the image files anywhere below its folder,
// in sorted path order. No torch, no Qt and no OpenCV here.

#include <filesystem>
#include <string>
#include <vector>

namespace mnl::teach {

struct LabelledFile {
  std::filesystem::path file;
  int label = 0;  // index into ImageFolder::classes
};

struct ImageFolder {
  std::filesystem::path root;
  std::vector<std::string> classes;
  std::vector<LabelledFile> files;  // by class, then by path
  // Files below a class folder whose extension is not an image's (a README, a .DS_Store…),
  // and files directly in the root; counted for the person, never read.
  std::vector<std::filesystem::path> ignored;
};

// torchvision's IMG_EXTENSIONS, compared without case: .jpg .jpeg .png .ppm .bmp .pgm .tif
// .tiff .webp.
bool hasImageExtension(const std::filesystem::path& file);

// Lists `root`. Hidden entries (a name starting with '.', such as .ipynb_checkpoints, which
// torchvision would take for a class) are passed over. Throws std::runtime_error naming the
// folder when it is not a readable folder or has no class sub-folder.
ImageFolder scanImageFolder(const std::filesystem::path& root);

}  // namespace mnl::teach
