// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/teach/image_folder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace mnl::teach {
namespace fs = std::filesystem;

namespace {

bool hidden(const fs::path& entry) { return entry.filename().string().starts_with('.'); }

std::runtime_error folderError(const fs::path& root, const std::string& what) {
  return std::runtime_error("'" + root.string() + "': " + what);
}

// Every file below a class folder, hidden folders and files passed over. Unreadable
// sub-folders are skipped rather than failing the whole listing.
std::vector<fs::path> filesBelow(const fs::path& folder) {
  std::vector<fs::path> files;
  std::error_code error;
  fs::recursive_directory_iterator it(
      folder, fs::directory_options::skip_permission_denied | fs::directory_options::follow_directory_symlink,
      error);
  for (const fs::recursive_directory_iterator end; !error && it != end; it.increment(error)) {
    // An entry that cannot be looked at (a dangling link) is passed over, not the end of the walk.
    std::error_code entryError;
    if (hidden(it->path())) {
      if (it->is_directory(entryError)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(entryError)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

bool hasImageExtension(const fs::path& file) {
  static constexpr std::array<std::string_view, 9> kExtensions{
      ".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"};
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kExtensions.begin(), kExtensions.end(), extension) != kExtensions.end();
}

ImageFolder scanImageFolder(const fs::path& root) {
  std::error_code error;
  if (!fs::is_directory(root, error)) throw folderError(root, "not a folder");
  ImageFolder folder;
  folder.root = root;
  std::vector<fs::path> classFolders;
  for (fs::directory_iterator it(root, error), end; !error && it != end; it.increment(error)) {
    if (hidden(it->path())) continue;
    std::error_code entryError;
    if (it->is_directory(entryError))
      classFolders.push_back(it->path());
    else
      folder.ignored.push_back(it->path());
  }
  if (error) throw folderError(root, "cannot be read: " + error.message());
  if (classFolders.empty())
    throw folderError(root, "has no class folders (one sub-folder per class, images inside)");
  // Byte order of the names, as Python's sorted() on str gives for ASCII names.
  std::sort(classFolders.begin(), classFolders.end(), [](const fs::path& a, const fs::path& b) {
    return a.filename().string() < b.filename().string();
  });
  std::sort(folder.ignored.begin(), folder.ignored.end());
  for (const fs::path& classFolder : classFolders) {
    const int label = static_cast<int>(folder.classes.size());
    folder.classes.push_back(classFolder.filename().string());
    for (fs::path& file : filesBelow(classFolder)) {
      if (hasImageExtension(file))
        folder.files.push_back({std::move(file), label});
      else
        folder.ignored.push_back(std::move(file));
    }
  }
  return folder;
}

}  // namespace mnl::teach
